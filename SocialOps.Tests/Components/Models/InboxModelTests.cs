using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;
using SocialOps.Web.Components;
using SocialOps.Web.Components.Pages.Inbox;

namespace SocialOps.Tests.Components.Models;

/// <summary>The inbox page's model over the app's real services and a real SQLite file, no browser.</summary>
public sealed class InboxModelTests : IAsyncLifetime
{
    private static readonly Actor Editor = new("ed@example.com", "user-ed", Access: Access.Editor);
    private readonly SocialOpsAppFactory _app = new();
    private readonly DateTimeOffset _now = TimeProvider.System.GetUtcNow();
    private long _praise;
    private long _complaint;
    private long _query;

    public async Task InitializeAsync()
    {
        _praise = await _app.CommentAsync("Lovely beans", Intent.Praise, SentimentLabel.Positive, _now);
        _complaint = await _app.CommentAsync("Arrived broken", Intent.Complaint, SentimentLabel.Negative, _now.AddHours(-3));
        _query = await _app.CommentAsync("Do you ship to Norway?", Intent.Query, SentimentLabel.Neutral, _now.AddHours(-1));
    }

    private async Task<InboxModel> OpenAsync(Actor? actor = null)
    {
        var model = new InboxModel(_app.Services.GetRequiredService<InboxQueries>(), _app.Services.GetRequiredService<InboxService>(),
            _app.Services.GetRequiredService<InboxViews>());
        await model.InitializeAsync(actor ?? Editor);
        return model;
    }

    private static long[] Ids(InboxModel model) => [.. model.Items.Select(i => i.Id)];

    [Fact]
    public async Task JAndKMoveTheCursorThroughThePageAndStopAtItsEnds()
    {
        using var model = await OpenAsync();

        await model.PressAsync(InboxCommand.Previous);
        Assert.Equal(_complaint, model.Current);
        await model.PressAsync(InboxCommand.Next);
        await model.PressAsync(InboxCommand.Next);
        await model.PressAsync(InboxCommand.Next);
        Assert.Equal(_praise, model.Current);
        await model.PressAsync(InboxCommand.Previous);

        Assert.Equal(_query, model.Current);
        Assert.Null(model.Opened);
    }

    [Fact]
    public async Task ReplyOpensTheCurrentItemAndAsksForTheReplyBoxWhileEscapeClosesIt()
    {
        using var model = await OpenAsync();
        await model.PressAsync(InboxCommand.Next);

        var focus = await model.PressAsync(InboxCommand.Reply);
        Assert.Equal((InboxFocus.Reply, _complaint), (focus, model.Opened));

        await model.PressAsync(InboxCommand.Help);
        Assert.True(model.Help);
        await model.PressAsync(InboxCommand.Close);
        Assert.Equal((null, false), (model.Opened, model.Help));
    }

    [Fact]
    public async Task AnArrivalThatPassesTheFilterJoinsThePageHighlightedAndOneThatDoesNotStaysOut()
    {
        using var model = await OpenAsync();
        var urgent = await _app.CommentAsync("Still broken, I want a refund", Intent.Complaint, SentimentLabel.Negative, _now);
        var handled = await _app.CommentAsync("Thanks, sorted", Intent.Praise, SentimentLabel.Positive, _now, HandledState.Dismissed);

        await model.ApplyAsync([new InteractionsArrived(null, Platform.Mastodon, [urgent, handled], _now)]);

        Assert.Equal([urgent, _complaint, _query, _praise], Ids(model));
        Assert.Equal([urgent], model.Arrived);
        Assert.Equal(4, model.Page!.Total);
        Assert.Equal(4, model.Counts!.States[HandledState.Open]);

        model.Open(urgent);
        Assert.Empty(model.Arrived);
    }

    [Fact]
    public async Task AChangeIsShownInPlaceAndSaysWhetherTheOpenedItemChanged()
    {
        using var model = await OpenAsync();
        model.Open(_query);
        await _app.Services.GetRequiredService<InboxService>().SetStateAsync([_query], HandledState.Dismissed, null, Actor.System);

        var openedChanged = await model.ApplyAsync([new InteractionsChanged([_query], "state", _now)]);
        var otherChanged = await model.ApplyAsync([new InteractionsChanged([_praise], "state", _now)]);

        Assert.True(openedChanged);
        Assert.False(otherChanged);
        Assert.Equal([_complaint, _query, _praise], Ids(model));
        Assert.Equal(HandledState.Dismissed, model.Items[1].State);
    }

    [Fact]
    public async Task AnAnalystsHandledKeyIsRefusedWithAMessageAndChangesNothing()
    {
        using var model = await OpenAsync(new Actor("ana@example.com", "user-ana", Access: Access.Analyst));
        await model.PressAsync(InboxCommand.Next);

        await model.PressAsync(InboxCommand.Handled);

        Assert.Equal(NoticeKind.Error, model.Message!.Kind);
        Assert.Contains("needs the Editor role", model.Message.Text, StringComparison.Ordinal);
        Assert.Equal(HandledState.Open, (await _app.Services.GetRequiredService<InboxQueries>().GetAsync(_complaint))!.State);
    }

    [Fact]
    public async Task MarkingTheSelectionHandledSaysHowManyAndClearsTheSelection()
    {
        using var model = await OpenAsync();
        model.Select(_praise, true);
        model.Select(_query, true);
        model.Select(_praise, false);
        model.Select(_complaint, true);

        await model.MarkSelectedHandledAsync();

        Assert.Equal(Notice.Success("2 marked handled."), model.Message);
        Assert.Empty(model.Selected);
        var queries = _app.Services.GetRequiredService<InboxQueries>();
        Assert.Equal([HandledState.Dismissed, HandledState.Dismissed, HandledState.Open],
            (await queries.FindAsync([_complaint, _query, _praise])).OrderBy(i => i.Id == _praise).Select(i => i.State));
    }

    [Fact]
    public async Task ASavedViewBringsBackItsSearchOnTheFirstPage()
    {
        using var model = await OpenAsync();
        await model.SearchAsync("Norway");
        Assert.Equal([_query], Ids(model));
        model.ViewName = " Shipping ";

        await model.SaveViewAsync();
        await model.SearchAsync(null);
        await model.ApplyViewAsync(Assert.Single(model.Views));

        Assert.Equal(Notice.Success("View 'Shipping' saved."), model.Message);
        Assert.Equal(("Norway", 1), (model.Query, model.PageNumber));
        Assert.Equal([_query], Ids(model));
    }

    [Fact]
    public async Task SomeoneWithoutAnAccountCannotSaveAView()
    {
        using var model = await OpenAsync(new Actor("token", Access: Access.Editor));
        model.ViewName = "Mine";

        await model.SaveViewAsync();

        Assert.Equal(Notice.Warning("Only a signed-in person can save views."), model.Message);
        Assert.Empty(model.Views);
    }

    Task IAsyncLifetime.DisposeAsync() => _app.DisposeAsync().AsTask();
}
