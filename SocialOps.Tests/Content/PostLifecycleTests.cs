using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Content;

/// <summary>The post lifecycle on the entity: where each transition may start, what it leaves, and what it announces.</summary>
public sealed class PostLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static Post New() => new() { Platform = Platform.Sandbox, Content = "Fresh beans", CreatedAt = Now };

    public static TheoryData<PostStatus> AfterAFirstTry => [PostStatus.Scheduled, PostStatus.Retrying, PostStatus.Failed, PostStatus.Missed, PostStatus.Unconfirmed];

    [Theory]
    [MemberData(nameof(AfterAFirstTry))]
    public void AnEditThatNeedsApprovalSendsThePostToReviewWhateverItsState(PostStatus status)
    {
        var post = New().InState(status, Now.AddHours(-1));

        post.Edit("New text nobody saw", [], null, needsApproval: true, Now);

        Assert.Equal(PostStatus.PendingApproval, post.Status);
        Assert.Null(post.RetryAt);
        Assert.Equal("New text nobody saw", post.Content);
    }

    [Theory]
    [MemberData(nameof(AfterAFirstTry))]
    public void AnEditByAnApproverLeavesTheStateAsItIs(PostStatus status)
    {
        var post = New().InState(status, Now.AddHours(-1));

        post.Edit("Reviewed by the one who wrote it", [], null, needsApproval: false, Now);

        Assert.Equal(status, post.Status);
    }

    [Fact]
    public void ADraftEditedByAnEditorStaysADraft()
    {
        var post = New();

        post.Edit("Still thinking", [], null, needsApproval: true, Now);

        Assert.Equal(PostStatus.Draft, post.Status);
    }

    [Theory]
    [InlineData(PostStatus.Publishing)]
    [InlineData(PostStatus.Published)]
    [InlineData(PostStatus.Cancelled)]
    public void WhatWentOutOrWasCalledOffCannotBeEditedAndTheRefusalNamesItsState(PostStatus status)
    {
        var post = New().InState(status, Now.AddHours(-1));

        var refused = Assert.Throws<ConflictException>(() => post.Edit("Too late", [], null, needsApproval: true, Now));

        Assert.Equal(status.ToString(), refused.CurrentState);
        Assert.Contains(status.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Equal(status, post.Status);
        Assert.Equal("Fresh beans", post.Content);
    }

    [Fact]
    public void OnlyADuePostIsClaimedAndOnlyAClaimedOneGetsAnOutcome()
    {
        var draft = New();
        var published = New().PublishedAt(Now);

        Assert.Throws<ConflictException>(() => draft.Claim(new PublishAttempt { IdempotencyKey = "k", AttemptNumber = 1 }, Now));
        Assert.Throws<ConflictException>(() => New().ScheduledAt(Now).Retry("no", Now, Now));
        Assert.Throws<ConflictException>(() => New().ScheduledAt(Now).MarkUnconfirmed("no", Now));
        Assert.Throws<ConflictException>(() => published.MarkPublished("again", null, Now, null, Now));
        Assert.Throws<ConflictException>(() => published.Cancel(null, Now));
    }

    [Fact]
    public void ASuccessThatArrivesLateWinsOverAnyLaterGuess()
    {
        var post = New().InState(PostStatus.Retrying, Now);

        post.MarkPublished("109", "https://example.social/109", Now.AddMinutes(1), null, Now.AddMinutes(2));

        Assert.Equal((PostStatus.Published, "109", (DateTimeOffset?)null), (post.Status, post.ExternalId, post.RetryAt));
    }

    [Fact]
    public void ApprovingAnOccurrenceOfAnEndedSeriesIsRefused()
    {
        var series = new Schedule { Kind = ScheduleKind.Recurring, CronExpression = "0 9 * * 1", TimeZone = "Europe/Berlin", CreatedAt = Now };
        var occurrence = SeriesPlanner.NewOccurrence(series, Now.AddDays(2), Now);
        occurrence.ScheduleAt(Now.AddDays(2), needsApproval: true, Now);
        series.End(Now);

        var refused = Assert.Throws<ConflictException>(() => occurrence.Approve(Now.AddDays(2), "approver", Now));

        Assert.Contains("series was ended", refused.Message, StringComparison.Ordinal);
        Assert.Equal(PostStatus.PendingApproval, occurrence.Status);
    }

    [Fact]
    public void RejectingSendsThePostBackAsADraftAndEndsItsSeries()
    {
        var series = new Schedule { Kind = ScheduleKind.Recurring, CronExpression = "0 9 * * 1", TimeZone = "Europe/Berlin", CreatedAt = Now };
        var occurrence = SeriesPlanner.NewOccurrence(series, Now.AddDays(2), Now);
        occurrence.ScheduleAt(Now.AddDays(2), needsApproval: true, Now);

        occurrence.Reject("Say which shop", "approver", Now);

        Assert.Equal((PostStatus.Draft, "Say which shop", false), (occurrence.Status, occurrence.ReviewComment, series.IsActive));
    }

    [Fact]
    public void EachSaveAnnouncesAPostOnceInItsLatestStateWithAReviewWhenThereWasOne()
    {
        var post = New().ScheduledAt(Now.AddDays(1), needsApproval: true);
        Assert.Single(post.TakeEvents(EntityState.Added));

        post.Edit("Better", [], null, needsApproval: false, Now);
        post.Approve(Now.AddDays(1), "approver", Now);
        var events = post.TakeEvents(EntityState.Modified);

        Assert.Equal(2, events.Count);
        Assert.Equal(PostStatus.Scheduled, Assert.IsType<PostStatusChanged>(events[0]).Status);
        Assert.True(Assert.IsType<PostReviewed>(events[1]).Approved);
        Assert.Empty(post.TakeEvents(EntityState.Unchanged));
    }

    [Fact]
    public void ANewDraftIsAnnouncedWhenItIsFirstSavedAndAnUnchangedPostNever()
    {
        Assert.Equal(PostStatus.Draft, Assert.IsType<PostStatusChanged>(Assert.Single(New().TakeEvents(EntityState.Added))).Status);
        Assert.Empty(New().TakeEvents(EntityState.Unchanged));
    }
}
