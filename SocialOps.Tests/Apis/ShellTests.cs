using System.Net;
using System.Text.Json;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Apis;

public sealed class ShellTests(ShellTests.App app) : IClassFixture<ShellTests.App>
{
    public sealed class App : SocialOpsAppFactory;

    [Fact]
    public async Task HomeRendersTheShellWithTheProductName()
    {
        var html = await app.CreateClientAs(Roles.Admin).GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("<title>Dashboard · SocialOps</title>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"product-name\"", html, StringComparison.Ordinal);
        foreach (var nav in new[] { "Dashboard", "Calendar", "Posts", "Inbox", "Analytics", "Settings" })
        {
            Assert.Contains($">{nav}</", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HealthTellsAnonymousCallersTheStatusAndNothingElse()
    {
        var response = await app.CreateAnonymousClient().GetAsync(new Uri("/health", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(["status"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task HealthIsHealthyWithTheDatabaseCheckFirst()
    {
        var response = await app.CreateClientAs(Roles.Analyst).GetAsync(new Uri("/health", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var first = json.RootElement.GetProperty("checks")[0];
        Assert.Equal("database", first.GetProperty("name").GetString());
        Assert.Equal("Healthy", first.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApiDescribesTheApiAndOnlyTheApi()
    {
        using var json = JsonDocument.Parse(await app.CreateClientAs(Roles.Analyst).GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/system/info", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApiReferenceUiIsServed()
    {
        using var client = app.CreateClientAs(Roles.Analyst);
        var response = await client.GetAsync(new Uri("/api-docs", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.Found)
        {
            response = await client.GetAsync(response.Headers.Location);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("SocialOps API", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiReferenceLinksBackToTheApp()
    {
        using var client = app.CreateClientAs(Roles.Analyst);
        var response = await client.GetAsync(new Uri("/api-docs", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.Found)
        {
            response = await client.GetAsync(response.Headers.Location);
        }

        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<a class=\"so-api-back\" href=\"/\" data-testid=\"api-back\">← Back to SocialOps</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyDashboardLinksToTheConnectionsInsteadOfTalkingAboutStartOptions()
    {
        var html = await app.CreateClientAs(Roles.Admin).GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("data-testid=\"empty-dashboard\"", html, StringComparison.Ordinal);
        Assert.Matches("<a[^>]*href=\"settings\\?tab=connections\"[^>]*>Connect an account</a>", html);
        Assert.DoesNotContain("--demo", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPageShowsTheNotFoundPage()
    {
        var response = await app.CreateClientAs(Roles.Analyst).GetAsync(new Uri("/no-such-page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemInfoReportsTheProvider()
    {
        using var json = JsonDocument.Parse(await app.CreateClientAs(Roles.Analyst).GetStringAsync(new Uri("/api/system/info", UriKind.Relative)));

        Assert.Equal("SocialOps", json.RootElement.GetProperty("product").GetString());
        Assert.Equal("Sqlite", json.RootElement.GetProperty("databaseProvider").GetString());
        Assert.False(json.RootElement.GetProperty("hasDemoData").GetBoolean());
    }
}
