using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;

namespace SocialOps.Tests.Browser;

/// <summary>The browser's instance of a two-instance cluster: PostgreSQL and a Redis the tests can stop and start.</summary>
public sealed class ClusterInboxFixture : BrowserFixture
{
    public PostgresDatabase Database { get; } = new();

    public RedisServer Redis { get; } = new();

    protected override async Task StartServicesAsync()
    {
        await Database.InitializeAsync();
        await Redis.InitializeAsync();
    }

    protected override void ConfigureApp(SocialOpsAppFactory app)
    {
        app.UsePostgres(Database.ConnectionString);
        app.Settings["Redis:Connection"] = Redis.Connection;
    }

    protected override async Task StopServicesAsync()
    {
        await Redis.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>A comment added on one instance shows in an inbox open on another, and Redis going away only pauses that.</summary>
public sealed class ClusterInboxBrowserTests(ClusterInboxFixture browser) : IClassFixture<ClusterInboxFixture>
{
    [Fact]
    public async Task ACommentOnOneInstanceShowsInAnInboxOpenOnAnotherAndAfterARedisOutageItDoesAgain()
    {
        await using var other = new SocialOpsAppFactory().UsePostgres(browser.Database.ConnectionString);
        other.Settings["Redis:Connection"] = browser.Redis.Connection;
        var (_, postId) = await other.PublishedSandboxPostAsync();
        var editor = other.CreateClientAs(Roles.Editor);
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/inbox");
        await tab.Page.EvaluateAsync("() => window.__notReloaded = true");

        var first = await CommentAsync(editor, postId, "Is the Huila back?");
        await Assertions.Expect(tab.Page.Locator($"[data-interaction-id='{first}']")).ToBeVisibleAsync(new() { Timeout = 3_000 });

        await browser.Redis.StopAsync();
        await Assertions.Expect(tab.Page.GetByTestId("live-updates-paused")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await tab.ScreenshotAsync("inbox-live-updates-paused");
        await browser.Redis.StartAsync();
        await Assertions.Expect(tab.Page.GetByTestId("live-updates-paused")).ToBeHiddenAsync(new() { Timeout = 15_000 });

        // The commenting instance reconnects by itself too; what it published before that is not replayed.
        var otherStatus = other.Services.GetRequiredService<LiveUpdatesStatus>();
        for (var i = 0; i < 150 && otherStatus.IsPaused; i++)
        {
            await Task.Delay(100);
        }

        var second = await CommentAsync(editor, postId, "Anyone there?");
        await Assertions.Expect(tab.Page.Locator($"[data-interaction-id='{second}']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        Assert.Empty(tab.Errors);
    }

    private static async Task<long> CommentAsync(HttpClient editor, int postId, string text)
    {
        using var response = await editor.PostAsJsonAsync("/api/sandbox/comments", new { postId, author = "Robin", text = $"{text} {Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }
}
