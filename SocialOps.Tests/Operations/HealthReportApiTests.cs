using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Operations;

/// <summary>GET /api/health/report, and /health serving the page to an Editor's browser and terse JSON to everyone else.</summary>
public sealed class HealthReportApiTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    [Fact]
    public async Task AnEditorReadsAFailedRenewalWithWhatToDoAndWhere()
    {
        var id = await SandboxConnectionAsync("Brand sandbox");
        await _app.Services.GetRequiredService<ConnectionStore>().RecordAsync(id, null, new PublishException(PublishFailureKind.Permanent,
            "The Mastodon sign-in could not be renewed (invalid_grant); reconnect the account in Settings → Connections."));

        var report = await ReportAsync(Roles.Editor);

        Assert.Equal("problem", report.GetProperty("state").GetString());
        var row = Items(report, "connection").Single(i => i.GetProperty("subject").GetString()!.StartsWith("Brand sandbox", StringComparison.Ordinal));
        Assert.Equal("problem", row.GetProperty("state").GetString());
        Assert.Contains("could not be renewed", row.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("reconnect the account", row.GetProperty("advice").GetString(), StringComparison.Ordinal);
        Assert.Equal("/settings?tab=connections", row.GetProperty("fixUrl").GetString());
        Assert.True(report.GetProperty("problems").GetInt32() >= 1);
    }

    [Fact]
    public async Task AHealthyConnectionTheSchedulerAndEverySectionAreReported()
    {
        await SandboxConnectionAsync("Quiet sandbox");

        var report = await ReportAsync(Roles.Admin);

        Assert.Equal(["connection", "ingestion", "scheduler", "posts", "event-bus", "sentiment", "ai"],
            report.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("check").GetString()!).ToArray());
        Assert.Equal("ok", Items(report, "connection").Single(i => i.GetProperty("subject").GetString()!.StartsWith("Quiet sandbox", StringComparison.Ordinal)).GetProperty("state").GetString());
        Assert.Equal("ok", HealthState(Items(report, "scheduler")));
        Assert.Equal(["Due in the next hour", "Late", "Unconfirmed", "Missed"], Items(report, "posts").Select(i => i.GetProperty("subject").GetString()!).ToArray());
        Assert.All(Items(report, "posts"), i => Assert.Equal("ok", i.GetProperty("state").GetString()));
        Assert.Equal("ok", Items(report, "event-bus").Single().GetProperty("state").GetString());
    }

    [Fact]
    public async Task AnalystsAreForbiddenAndAnonymousCallersUnauthorized()
    {
        using var analyst = await _app.CreateClientAs(Roles.Analyst).GetAsync(new Uri("/api/health/report", UriKind.Relative));
        using var anonymous = await _app.CreateAnonymousClient().GetAsync(new Uri("/api/health/report", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, analyst.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task AnEditorsBrowserGetsTheHealthPageAtTheHealthAddress()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await _app.CreateClientAs(Roles.Editor).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-health-section=\"scheduler\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "text/html")] // an anonymous browser
    [InlineData(null, null)] // a load balancer
    [InlineData(Roles.Analyst, "text/html")]
    [InlineData(Roles.Editor, null)] // a script with an Editor's token
    public async Task EveryoneElseGetsTheJsonProbe(string? role, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        using var client = role is null ? _app.CreateAnonymousClient() : _app.CreateClientAs(role);
        using var response = await client.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.TryGetProperty("status", out _));
        Assert.Equal(role is not null, body.TryGetProperty("checks", out _));
    }

    public void Dispose() => _app.Dispose();

    private async Task<int> SandboxConnectionAsync(string name)
    {
        var (response, body) = await _app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections", new { platform = "sandbox", name, behavesAs = "mastodon" });
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetInt32();
    }

    private async Task<JsonElement> ReportAsync(string role)
    {
        using var response = await _app.CreateClientAs(role).GetAsync(new Uri("/api/health/report", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string HealthState(List<JsonElement> items) =>
        items.Select(i => i.GetProperty("state").GetString()!).OrderByDescending(s => s switch { "problem" => 2, "warning" => 1, _ => 0 }).First();

    private static List<JsonElement> Items(JsonElement report, string check) =>
        [.. report.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("check").GetString() == check).GetProperty("items").EnumerateArray()];
}
