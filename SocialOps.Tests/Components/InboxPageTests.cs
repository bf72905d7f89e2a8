using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;
using SocialOps.Web.Components.Pages.Inbox;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Components;

/// <summary>The inbox page over the app's real services and a real SQLite file: order, filters and keys.</summary>
public sealed class InboxPageTests : BunitTest, IAsyncLifetime
{
    private readonly SocialOpsAppFactory _app = new();
    private long _praise;
    private long _oldComplaint;
    private long _query;
    private long _handled;

    public InboxPageTests()
    {
        foreach (var type in new[] { typeof(InboxQueries), typeof(InboxService), typeof(InboxViews), typeof(InboxImport), typeof(EventBus), typeof(LiveUpdatesStatus), typeof(UserPreferences), typeof(ResponseTemplates), typeof(SentimentAnalyzer), typeof(SocialOps.Core.Ai.AiDraftService) })
        {
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        }

        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<UserClock>();
        var auth = AddAuthorization();
        auth.SetAuthorized("ed@example.com");
        auth.SetRoles(Roles.Editor);
        auth.SetPolicies(Policies.Analyst, Policies.Editor);
    }

    public async Task InitializeAsync()
    {
        var now = TimeProvider.System.GetUtcNow();
        _praise = await _app.CommentAsync("Lovely beans", Intent.Praise, SentimentLabel.Positive, now);
        _oldComplaint = await _app.CommentAsync("Arrived broken", Intent.Complaint, SentimentLabel.Negative, now.AddHours(-3));
        _query = await _app.CommentAsync("Do you ship to Norway?", Intent.Query, SentimentLabel.Neutral, now.AddHours(-1));
        _handled = await _app.CommentAsync("Late again", Intent.Complaint, SentimentLabel.Negative, now, HandledState.Dismissed);
    }

    private IRenderedComponent<SocialOps.Web.Components.Pages.Inbox.Inbox> Open()
    {
        Render<MudPopoverProvider>();
        var page = Render<SocialOps.Web.Components.Pages.Inbox.Inbox>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-interaction-id]")));
        return page;
    }

    private static long[] Ids(IRenderedComponent<SocialOps.Web.Components.Pages.Inbox.Inbox> page) =>
        [.. page.FindAll("[data-interaction-id]").Select(e => long.Parse(e.GetAttribute("data-interaction-id")!, System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void OpenItemsAreListedUrgentFirstThenQueriesThenPraise()
    {
        var page = Open();

        Assert.Equal([_oldComplaint, _query, _praise], Ids(page));
    }

    [Fact]
    public void StateFiltersNarrowTheListAndShowTheirCounts()
    {
        var page = Open();

        page.Find("[data-testid=filter-state-all]").Click();
        page.WaitForAssertion(() => Assert.Equal([_oldComplaint, _query, _praise, _handled], Ids(page)));
        page.Find("[data-testid=filter-state-handled]").Click();

        page.WaitForAssertion(() => Assert.Equal([_handled], Ids(page)));
        Assert.Contains("handled 1", page.Find("[data-testid=filter-state-handled]").TextContent, StringComparison.Ordinal);
        Assert.Contains("open 3", page.Find("[data-testid=filter-state-open]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysMoveOpenShowHelpAndMarkHandled()
    {
        var page = Open();
        var root = page.Find("[data-testid=inbox]");

        root.KeyDown("j");
        root.KeyDown("j");
        root.KeyDown("k");
        Assert.Equal(_oldComplaint.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-current=true]").GetAttribute("data-interaction-id"));
        root.KeyDown("j");
        root.KeyDown("o");
        page.WaitForAssertion(() => Assert.Equal(_query.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-testid=inbox-detail]").GetAttribute("data-interaction-detail")));
        root.KeyDown("?");
        Assert.Contains("mark handled", page.Find("[data-testid=inbox-keys]").TextContent, StringComparison.Ordinal);
        root.KeyDown("e");

        page.WaitForAssertion(() => Assert.Equal("handled", page.Find($"[data-interaction-id='{_query}']").GetAttribute("data-state")));
        Assert.Equal(HandledState.Dismissed, await _app.DbAsync(db => db.Interactions.Where(i => i.Id == _query).Select(i => i.State).SingleAsync()));
    }

    [Fact]
    public async Task AnAnalystsKeysMoveButChangeNothing()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("ana@example.com");
        auth.SetRoles(Roles.Analyst);
        auth.SetPolicies(Policies.Analyst);
        var page = Open();
        var root = page.Find("[data-testid=inbox]");

        root.KeyDown("j");
        root.KeyDown("e");

        page.WaitForAssertion(() => Assert.Contains("needs the Editor role", page.Markup, StringComparison.Ordinal));
        Assert.Equal("open", page.Find($"[data-interaction-id='{_oldComplaint}']").GetAttribute("data-state"));
        Assert.Equal(HandledState.Open, await _app.DbAsync(db => db.Interactions.Where(i => i.Id == _oldComplaint).Select(i => i.State).SingleAsync()));
        Assert.False(await _app.DbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "inbox.state")));
    }

    [Fact]
    public async Task AnArrivalInAnInboxThatOpenedEmptyIsListedWithoutAReload()
    {
        await _app.Services.GetRequiredService<InboxService>().SetStateAsync([_praise, _oldComplaint, _query], HandledState.Dismissed, null, Actor.System);
        Render<MudPopoverProvider>();
        var page = Render<SocialOps.Web.Components.Pages.Inbox.Inbox>();
        page.WaitForAssertion(() => Assert.Contains("Nothing here", page.Find("[data-testid=inbox-list]").TextContent, StringComparison.Ordinal));

        var arrived = await _app.CommentAsync("Is anyone there?", Intent.Query, SentimentLabel.Neutral, TimeProvider.System.GetUtcNow());

        page.WaitForAssertion(() => Assert.Equal([arrived], Ids(page)), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("Nothing here", page.Find("[data-testid=inbox-list]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeywordsAreShownAsPlainWordsNotHashtags()
    {
        await _app.DbAsync(async db =>
        {
            var reading = await db.SentimentResults.SingleAsync(s => s.InteractionId == _oldComplaint);
            reading.Keywords = ["broken", "order"];
            return await db.SaveChangesAsync();
        });
        var page = Open();
        var root = page.Find("[data-testid=inbox]");

        root.KeyDown("j");
        root.KeyDown("o");

        page.WaitForAssertion(() => Assert.Equal("Keywords: broken, order", page.Find("[data-testid=detail-keywords]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=detail-analysis] .mud-chip svg"));
    }

    [Fact]
    public async Task ACommentNoEngineReadSaysSoInsteadOfANeutralReadingAndOthersNameTheirEngine()
    {
        var german = await _app.CommentAsync("Der Kaffee ist leider viel zu teuer geworden", Intent.None, SentimentLabel.Neutral, TimeProvider.System.GetUtcNow().AddHours(-2));
        await _app.DbAsync(async db =>
        {
            (await db.SentimentResults.SingleAsync(s => s.InteractionId == german)).ModelVersion = AnalysisEngines.NotAnalysed;
            return await db.SaveChangesAsync();
        });
        var page = Open();
        var root = page.Find("[data-testid=inbox]");

        root.KeyDown("j");
        root.KeyDown("o");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=detail-engine]")));
        Assert.Equal("read by the sentiment model", page.Find("[data-testid=detail-engine]").TextContent.Trim());
        page.Find($"[data-interaction-id='{german}']").Click();

        page.WaitForAssertion(() => Assert.Equal("language not analysed", page.Find("[data-testid=detail-not-analysed]").TextContent.Trim()));
        Assert.DoesNotContain("neutral", page.Find("[data-testid=detail-analysis]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("confidence", page.Find("[data-testid=detail-analysis]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("j", false, InboxCommand.Next)]
    [InlineData("k", false, InboxCommand.Previous)]
    [InlineData("o", false, InboxCommand.Open)]
    [InlineData("r", false, InboxCommand.Reply)]
    [InlineData("e", false, InboxCommand.Handled)]
    [InlineData("a", false, InboxCommand.Assign)]
    [InlineData("/", false, InboxCommand.Search)]
    [InlineData("?", false, InboxCommand.Help)]
    [InlineData("r", true, InboxCommand.None)]
    [InlineData("x", false, InboxCommand.None)]
    public void EachKeyHasItsCommandAndChordsAreLeftToTheBrowser(string key, bool ctrl, InboxCommand expected) =>
        Assert.Equal(expected, InboxKeys.For(key, ctrl));

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _app.DisposeAsync();
    }
}
