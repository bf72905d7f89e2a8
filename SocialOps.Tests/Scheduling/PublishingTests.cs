using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

public sealed class PublishingTests : IDisposable
{
    private readonly ScriptedPublisher _platform = new();
    private readonly SocialOpsAppFactory _app;

    public PublishingTests() => _app = new SocialOpsAppFactory().WithPublisher(_platform).WithFastRetries();

    [Fact]
    public async Task TransientFailuresRetryWithGrowingDelaysThenSucceed()
    {
        _platform.ThenFail(PublishFailureKind.Transient, "503 from the platform").ThenFail(PublishFailureKind.Transient, "timeout before sending");
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "retry me", scheduledTime = SchedulerTestExtensions.InSeconds(1) });

        var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed);

        Assert.Equal(PostStatus.Published, post.Status);
        var attempts = post.Attempts.OrderBy(a => a.AttemptNumber).ToList();
        Assert.Equal([PublishOutcome.TransientFailure, PublishOutcome.TransientFailure, PublishOutcome.Succeeded], attempts.Select(a => a.Outcome));
        var firstWait = attempts[1].StartedAt - attempts[0].StartedAt;
        var secondWait = attempts[2].StartedAt - attempts[1].StartedAt;
        // Lower bounds only (a busy machine makes any wait longer, never shorter): 0.5 s, then three times that.
        Assert.True(firstWait >= TimeSpan.FromMilliseconds(480), $"first wait {firstWait}");
        Assert.True(secondWait >= TimeSpan.FromMilliseconds(1480), $"waits {firstWait} then {secondWait}");
        Assert.All(attempts, a => Assert.Equal(PostPublisher.IdempotencyKey(id), a.IdempotencyKey));
    }

    [Fact]
    public async Task PermanentFailureStopsAtOnceWithTheReason()
    {
        _platform.ThenFail(PublishFailureKind.Permanent, "The access token was revoked.");
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "no luck", scheduledTime = SchedulerTestExtensions.InSeconds(1) });

        var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Failed or PostStatus.Published);

        Assert.Equal(PostStatus.Failed, post.Status);
        Assert.Equal("The access token was revoked.", post.StatusReason);
        Assert.Equal(PublishOutcome.PermanentFailure, Assert.Single(post.Attempts).Outcome);
    }

    [Fact]
    public async Task TransientFailuresGiveUpAfterTheLastAttempt()
    {
        for (var i = 0; i < 3; i++)
        {
            _platform.ThenFail(PublishFailureKind.Transient, "503");
        }

        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "down", scheduledTime = SchedulerTestExtensions.InSeconds(1) });

        var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Failed or PostStatus.Published);

        Assert.Equal(PostStatus.Failed, post.Status);
        Assert.Equal(3, post.Attempts.Count);
        Assert.StartsWith("Gave up after 3 attempts", post.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownOutcomeIsUnconfirmedAndNeverRetriedBlindly()
    {
        _platform.ThenFail(PublishFailureKind.Unknown, "The request timed out after it was sent.");
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "did it go?", scheduledTime = SchedulerTestExtensions.InSeconds(1) });

        var post = await _app.WaitForPostAsync(id, p => p.Status is not (PostStatus.Scheduled or PostStatus.Publishing));
        var later = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Unconfirmed, post.Status);
        Assert.Single(later.Attempts);
        Assert.Single(_platform.Calls);
    }

    [Fact]
    public async Task ManyConcurrentRunsOfTheSamePostPublishItOnce()
    {
        var id = await AddDuePostAsync(TimeSpan.Zero);
        var publisher = _app.Services.GetRequiredService<PostPublisher>();

        await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() => publisher.PublishDueAsync(id, CancellationToken.None))));

        var post = await _app.WaitForPostAsync(id, p => p.Status == PostStatus.Published);
        Assert.Equal(1, _platform.Published);
        Assert.Single(post.Attempts);
    }

    [Theory]
    [InlineData(10, PostStatus.Published)]
    [InlineData(59, PostStatus.Published)]
    [InlineData(61, PostStatus.Missed)]
    [InlineData(600, PostStatus.Missed)]
    public async Task APostThatFellDueWhileDownIsPublishedInsideTheGraceWindowElseMissed(int minutesLate, PostStatus expected)
    {
        var id = await AddDuePostAsync(TimeSpan.FromMinutes(minutesLate));

        await _app.Services.GetRequiredService<PostPublisher>().PublishDueAsync(id, CancellationToken.None);

        var post = await _app.WaitForPostAsync(id, _ => true);
        Assert.Equal(expected, post.Status);
        Assert.Equal(expected == PostStatus.Published ? 1 : 0, _platform.Published);
        if (expected == PostStatus.Missed)
        {
            Assert.Contains("publish it now or reschedule", post.StatusReason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PublishingAMissedPostNowSendsItOnceAndTheReportCountsItLateNotOnTime()
    {
        var id = await AddDuePostAsync(TimeSpan.FromHours(3));
        var publisher = _app.Services.GetRequiredService<PostPublisher>();
        await publisher.PublishDueAsync(id, CancellationToken.None);
        var missed = await _app.WaitForPostAsync(id, p => p.Status == PostStatus.Missed);

        var (result, errors) = await _app.Services.GetRequiredService<SchedulingService>().PublishNowAsync(id, Core.Common.Actor.System);
        var published = await _app.WaitForPostAsync(id, p => p.Status == PostStatus.Published);
        await publisher.PublishDueAsync(id, CancellationToken.None);
        var report = await _app.Services.GetRequiredService<SchedulerReports>().ReliabilityAsync(missed.ScheduledFor!.Value.AddHours(-1), null);

        Assert.Empty(errors);
        Assert.NotNull(result);
        Assert.Equal(1, _platform.Published);
        Assert.Equal(missed.ScheduledFor, published.ScheduledFor);
        Assert.NotNull(published.PublishRequestedAt);
        var sandbox = report.Platforms.Single(p => p.Platform == "sandbox");
        Assert.Equal((1, 0, 1), (sandbox.Due, sandbox.OnTime, sandbox.Late));
    }

    private async Task<int> AddDuePostAsync(TimeSpan late)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow();
        var post = new Post { Platform = Platform.Sandbox, Content = "due", CreatedAt = now }.ScheduledAt(now - late);
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        return post.Id;
    }

    public void Dispose() => _app.Dispose();
}
