using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Apis;

/// <summary>Every endpoint that takes a body (POST, PUT, PATCH) answers garbage with a 400 ProblemDetails that names what is wrong, never a 500 or a page.</summary>
public sealed class MalformedRequestTests(MalformedRequestTests.App app) : IClassFixture<MalformedRequestTests.App>
{
    public sealed class App : SocialOpsAppFactory;

    private sealed record BodyEndpoint(string Method, string Url, Type RequestType);

    private List<BodyEndpoint> BodyEndpoints()
    {
        var list = new List<BodyEndpoint>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
            // JSON bodies only: an endpoint that takes a file of another kind (the CSV import) answers for its own format.
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || accepts?.RequestType is not { } type
                || !accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            foreach (var parameter in endpoint.RoutePattern.Parameters)
            {
                path = System.Text.RegularExpressions.Regex.Replace(path, $@"\{{\*?{parameter.Name}[^}}]*\}}", parameter.Name == "intent" ? "query" : "1");
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (method is "POST" or "PUT" or "PATCH")
                {
                    list.Add(new BodyEndpoint(method, path, type));
                }
            }
        }

        return list;
    }

    [Fact]
    public void TheScheduleAndSentimentEndpointsAreAmongThoseChecked()
    {
        var urls = BodyEndpoints().Select(e => e.Url).ToList();

        Assert.Contains("/api/scheduler/schedule", urls);
        Assert.Contains("/api/scheduler/reschedule/1", urls);
        Assert.Contains("/api/sentiment/analyze", urls);
    }

    public static TheoryData<string, string> Garbage => new()
    {
        { "truncated JSON", "{\"content\": " },
        { "not JSON at all", "<html>hello</html>" },
        { "an array instead of an object", "[1, 2, 3]" },
        { "a lone surrogate in a text field", "{\"$text\": \"\\ud800\"}" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task GarbageBodiesAreA400ProblemEverywhere(string what, string body)
    {
        using var client = app.CreateClientAs(Roles.Admin);
        var failures = new List<string>();
        foreach (var endpoint in BodyEndpoints())
        {
            // "$text" stands for the request's first text field (a request without one cannot carry the surrogate).
            var text = endpoint.RequestType.GetProperties().FirstOrDefault(p => p.PropertyType == typeof(string));
            if (body.Contains("$text", StringComparison.Ordinal) && text is null)
            {
                continue;
            }

            var problem = await SendAsync(client, endpoint, text is null ? body : body.Replace("$text", JsonNamingPolicy.CamelCase.ConvertName(text.Name), StringComparison.Ordinal));
            if (problem is not null)
            {
                failures.Add($"{what}: {problem}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task AValueOfTheWrongTypeIsA400NamingTheField()
    {
        using var client = app.CreateClientAs(Roles.Admin);
        var failures = new List<string>();
        foreach (var endpoint in BodyEndpoints())
        {
            // Every property of the request gets a value of the wrong kind: an object where a string, number or list belongs.
            var properties = endpoint.RequestType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || p.GetMethod is not null).ToList();
            foreach (var property in properties)
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                var wrong = property.PropertyType == typeof(string) || Nullable.GetUnderlyingType(property.PropertyType) is not null || property.PropertyType.IsValueType
                    ? (JsonNode)new JsonObject { ["nested"] = 1 }
                    : JsonValue.Create(12345);
                var body = new JsonObject { [name] = wrong }.ToJsonString();
                var problem = await SendAsync(client, endpoint, body, expectField: name);
                if (problem is not null)
                {
                    failures.Add(problem);
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task AQueryParameterThatDoesNotParseIsA400NamingIt()
    {
        using var client = app.CreateClientAs(Roles.Admin);

        using var response = await client.GetAsync(new Uri("/api/scheduler/scheduled-posts?from=yesterday-ish", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("from", text, StringComparison.Ordinal);
    }

    /// <summary>Null when the endpoint answered as it should; otherwise what went wrong.</summary>
    private static async Task<string?> SendAsync(HttpClient client, BodyEndpoint endpoint, string body, string? expectField = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(endpoint.Url, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var what = $"{endpoint.Method} {endpoint.Url} with {body}";
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return $"{what}: {(int)response.StatusCode} {Shorten(text)}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{what}: 400 but {response.Content.Headers.ContentType?.MediaType}";
        }

        using var json = JsonDocument.Parse(text);
        if (!json.RootElement.TryGetProperty("detail", out var detail) || detail.GetString() is not { Length: > 0 })
        {
            return $"{what}: 400 without a detail";
        }

        if (expectField is not null && !text.Contains(expectField, StringComparison.Ordinal))
        {
            return $"{what}: 400 that does not name {expectField}: {Shorten(text)}";
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300];
}
