using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;
using SocialOps.Web.Identity;
using InboxPage = SocialOps.Web.Components.Pages.Inbox.Inbox;

namespace SocialOps.Tests.Components;

/// <summary>
/// The inbox while live updates are paused: the page's bus hears nothing of the app's comments (as when Redis is
/// away), so only the 30-second refresh and the reload on resuming bring them in.
/// </summary>
public sealed class PausedInboxTests : BunitTest, IAsyncLifetime
{
    private readonly SocialOpsAppFactory _app = new();
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly LiveUpdatesStatus _status;

    public PausedInboxTests()
    {
        _status = new LiveUpdatesStatus(_time, NullLogger<LiveUpdatesStatus>.Instance);
        foreach (var type in new[] { typeof(InboxQueries), typeof(InboxService), typeof(InboxViews), typeof(InboxImport), typeof(UserPreferences), typeof(ResponseTemplates), typeof(SentimentAnalyzer), typeof(SocialOps.Core.Ai.AiDraftService) })
        {
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        }

        Services.AddSingleton(new EventBus(TimeProvider.System, NullLogger<EventBus>.Instance, live: _status)); // deaf to the app's events
        Services.AddSingleton(_status);
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<UserClock>();
        var auth = AddAuthorization();
        auth.SetAuthorized("ed@example.com");
        auth.SetRoles(Roles.Editor);
        auth.SetPolicies(Policies.Analyst, Policies.Editor);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _status.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task WhilePausedNewCommentsShowAtTheNextRefreshAndOnResumingWithoutAnEvent()
    {
        Render<MudPopoverProvider>();
        var page = Render<InboxPage>();
        page.WaitForAssertion(() => Assert.Contains("Nothing here", page.Find("[data-testid=inbox-list]").TextContent, StringComparison.Ordinal));
        _status.Pause("test");

        var first = await _app.CommentAsync("Anyone there?", Intent.Query, SentimentLabel.Neutral, TimeProvider.System.GetUtcNow());
        await Task.Delay(300);
        Assert.Empty(page.FindAll($"[data-interaction-id='{first}']")); // no event reaches this page
        _time.Advance(LiveUpdatesStatus.PollInterval);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-interaction-id='{first}']")), TimeSpan.FromSeconds(5));

        var second = await _app.CommentAsync("Hello?", Intent.Query, SentimentLabel.Neutral, TimeProvider.System.GetUtcNow());
        _status.Resume();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-interaction-id='{second}']")), TimeSpan.FromSeconds(5));
    }
}
