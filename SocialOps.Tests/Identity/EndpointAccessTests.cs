using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Identity;

/// <summary>Every endpoint declares who may use it, and the declaration holds for every role.</summary>
public sealed class EndpointAccessTests(EndpointAccessTests.App app) : IClassFixture<EndpointAccessTests.App>
{
    public sealed class App : SocialOpsAppFactory;

    // The only endpoints anyone may reach without signing in (static files are checked separately). The wall screen's
    // endpoint is open so a wall key's cookie reaches it; its content is gated by the Wall policy (KioskTests).
    private static readonly string[] AnonymousByDesign =
        ["/health", "/account/login", "/account/login-2fa", "/account/access-denied", "/setup", "/not-found", "/Error",
            "/account/forgot-password", "/account/reset-password", // a forgotten password: what to do, and the one-time link's page
            "/hooks/connections/{id:int}", "/hooks/meta", "/wall", // platforms push here; every delivery is verified by its signature
            "/wall/pair", // a screen pairs with a one-time code (rate-limited), before anyone can sign in on it
            "/connections/oauth/start", // only its GET, which does nothing but answer 405: the start itself is an Admin's form post
            "/l/{code}"]; // our tracked links' redirect: it leads only to addresses stored under the code, and writes nothing on the way

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static string Path(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');

    // Files: the static assets manifest, the framework's scripts, the API reference UI's own scripts and icons.
    private static bool IsStaticFile(RouteEndpoint e) =>
        e.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor")
        || Path(e).StartsWith("/_framework/", StringComparison.Ordinal)
        || Path(e).Contains(":file}", StringComparison.Ordinal)
        || System.Text.RegularExpressions.Regex.IsMatch(Path(e), @"^/api-docs/[\w.-]+\.(js|css|svg|png|ico)$");

    [Fact]
    public void EveryEndpointDeclaresAPolicyOrIsAnonymousByDesign()
    {
        var problems = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => !IsStaticFile(e)))
        {
            var path = Path(endpoint);
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (anonymous && !AnonymousByDesign.Contains(path) && !path.StartsWith("/_blazor", StringComparison.Ordinal))
            {
                problems.Add($"{path} allows anonymous access");
            }
            else if (!anonymous && policies.Count == 0)
            {
                problems.Add($"{path} declares no policy");
            }
        }

        Assert.Empty(problems);
        Assert.Contains(Endpoints(), e => Path(e) == "/api/system/info");
    }

    [Theory]
    [InlineData("GET", "/api/inbox", Policies.Analyst)]
    [InlineData("GET", "/api/inbox/{id:long}", Policies.Analyst)]
    [InlineData("POST", "/api/inbox/{id:long}/reply", Policies.Editor)]
    [InlineData("POST", "/api/inbox/{id:long}/reply/send-again", Policies.Editor)]
    [InlineData("POST", "/api/inbox/{id:long}/reply/mark-sent", Policies.Editor)]
    [InlineData("POST", "/api/inbox/{id:long}/state", Policies.Editor)]
    [InlineData("POST", "/api/inbox/{id:long}/assign", Policies.Editor)]
    [InlineData("POST", "/api/inbox/{id:long}/reanalyse", Policies.Editor)]
    [InlineData("POST", "/api/inbox/{id:long}/correction", Policies.Editor)]
    [InlineData("POST", "/api/inbox/import", Policies.Editor)]
    [InlineData("GET", "/api/inbox/corrections.csv", Policies.Analyst)]
    [InlineData("POST", "/api/sandbox/comments", Policies.Editor)]
    [InlineData("GET", "/api/sandbox/replies", Policies.Analyst)]
    [InlineData("GET", "/api/sandbox/failures", Policies.Analyst)]
    [InlineData("POST", "/api/sandbox/failures", Policies.Editor)]
    [InlineData("DELETE", "/api/sandbox/failures", Policies.Editor)]
    public void InboxRoutesNeedTheirRole(string method, string path, string policy)
    {
        var endpoint = Assert.Single(Endpoints(), e => Path(e).TrimEnd('/') == path && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(method) ?? false));
        Assert.Equal(policy, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Last(p => p is not null));
    }

    [Fact]
    public void TheMetricsScrapeIsForAdminsOnly()
    {
        var endpoint = Assert.Single(Endpoints(), e => Path(e) == "/metrics");
        Assert.Equal(Policies.Admin, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Last(p => p is not null));
        Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
    }

    [Fact]
    public void TheHealthReportIsForEditorsAndTheHealthPageSharesTheProbesAddress()
    {
        var report = Assert.Single(Endpoints(), e => Path(e) == "/api/health/report");
        Assert.Equal(Policies.Editor, report.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Last(p => p is not null));
        var atHealth = Endpoints().Where(e => Path(e) == "/health").ToList();
        Assert.Equal(2, atHealth.Count);
        Assert.Single(atHealth, e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null);
        Assert.Single(atHealth, e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.Editor));
    }

    [Fact]
    public void StaticFilesAreOnlyFrameworkAndPublicAssets()
    {
        foreach (var endpoint in Endpoints().Where(IsStaticFile))
        {
            Assert.Matches(@"^/(_framework/|_content/|lib/|favicon\.|app\.|SocialOps\.Web\.([a-z0-9]+\.)?(lib\.module\.js|modules\.json|styles\.css)|Components/|api-docs/|\{\*\*path:file\})", Path(endpoint));
        }
    }

    public static TheoryData<string> Roles_ => [.. Roles.All];

    [Theory]
    [MemberData(nameof(Roles_))]
    public async Task EveryApiEndpointAnswersByRole(string role)
    {
        using var client = app.CreateClientAs(role);
        using var anonymous = app.CreateAnonymousClient();
        var failures = new List<string>();
        // The Prometheus scrape answers like the API (401/403, never a sign-in page), so it is checked with it.
        foreach (var endpoint in Endpoints().Where(e => Path(e).StartsWith("/api/", StringComparison.Ordinal) || Path(e).StartsWith("/openapi", StringComparison.Ordinal)
            || Path(e) == "/metrics"))
        {
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? Policies.Analyst;
            var allowed = policy switch
            {
                Policies.Admin => role == Roles.Admin,
                Policies.Approver => role is Roles.Admin or Roles.Approver,
                Policies.Editor => role is Roles.Admin or Roles.Approver or Roles.Editor,
                _ => true,
            };
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                var url = SampleUrl(endpoint);
                using var asRole = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
                using var asNobody = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
                if (asNobody.StatusCode != HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{method} {url} anonymous: {(int)asNobody.StatusCode}, expected 401");
                }

                var expectForbidden = !allowed;
                if (expectForbidden != (asRole.StatusCode == HttpStatusCode.Forbidden) || asRole.StatusCode == HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{method} {url} as {role}: {(int)asRole.StatusCode}, expected {(allowed ? "access" : "403")}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(Roles.Analyst, "/posts", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Analyst, "/inbox", HttpStatusCode.OK)]
    [InlineData(Roles.Editor, "/calendar", HttpStatusCode.OK)]
    [InlineData(Roles.Admin, "/settings", HttpStatusCode.OK)]
    [InlineData(Roles.Editor, "/review", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Editor, "/drafts", HttpStatusCode.OK)]
    [InlineData(Roles.Editor, "/queue", HttpStatusCode.OK)]
    [InlineData(Roles.Approver, "/review", HttpStatusCode.OK)]
    [InlineData(Roles.Analyst, "/drafts", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Editor, "/health", HttpStatusCode.OK)]
    public async Task PagesAnswerByRole(string role, string path, HttpStatusCode expected)
    {
        using var response = await app.CreateClientAs(role).GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Approver)]
    public async Task SettingsOpensTheirOwnAccountForAnyoneButAnAdmin(string role)
    {
        using var response = await app.CreateClientAs(role).GetAsync(new Uri("/settings?tab=users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.EndsWith("account/security", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("users-table", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsOpensOnConnectionsForAnAdmin()
    {
        var html = await app.CreateClientAs(Roles.Admin).GetStringAsync(new Uri("/settings", UriKind.Relative));

        Assert.Contains("data-testid=\"add-connection\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"db-provider\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/settings")]
    [InlineData("/inbox")]
    public async Task PagesSendAnonymousVisitorsToSignIn(string path)
    {
        using var response = await app.CreateAnonymousClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    private static string SampleUrl(RouteEndpoint endpoint)
    {
        var path = Path(endpoint);
        foreach (var parameter in endpoint.RoutePattern.Parameters)
        {
            path = System.Text.RegularExpressions.Regex.Replace(path, $@"\{{\*?{parameter.Name}[^}}]*\}}", "1");
        }

        return path;
    }
}
