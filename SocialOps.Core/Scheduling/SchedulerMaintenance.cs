using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// Each scheduler instance checks in every interval, and on start-up and at each check-in it mends what a crash
/// can leave behind: a post claimed by a process that died mid-call, a scheduled post with no trigger.
/// </summary>
public sealed partial class SchedulerMaintenance(
    IDbContextFactory<SocialOpsDbContext> contexts,
    PostTriggers triggers,
    PublisherRegistry publishers,
    SchedulerInstance instance,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<SchedulerMaintenance> logger) : BackgroundService
{
    /// <summary>How long a claimed post may sit in Publishing before it counts as abandoned.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(5);

    private readonly DateTimeOffset _started = time.GetUtcNow();

    /// <summary>Checks in before start-up completes, so /health is right from the first request.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await CheckInAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        var firstRound = true;
        do
        {
            try
            {
                await CheckInAsync(stoppingToken);
                await ReconcileAbandonedAsync(stoppingToken);
                await EnsureTriggersAsync(firstRound ? null : time.GetUtcNow() + options.Value.HeartbeatInterval * 4, stoppingToken);
                firstRound = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task CheckInAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var beat = await db.SchedulerHeartbeats.SingleOrDefaultAsync(h => h.InstanceId == instance.Id, ct);
        if (beat is null)
        {
            db.SchedulerHeartbeats.Add(beat = new SchedulerHeartbeat { InstanceId = instance.Id, StartedAt = _started });
            var stale = time.GetUtcNow() - TimeSpan.FromDays(7);
            await db.SchedulerHeartbeats.Where(h => h.LastSeenAt < stale).ExecuteDeleteAsync(ct);
        }

        beat.LastSeenAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Posts left in Publishing by a run that never finished (its instance stopped checking in, or it has been
    /// at it too long): ask the platform, else leave them for the user.
    /// </summary>
    private async Task ReconcileAbandonedAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var liveSince = now - options.Value.HeartbeatInterval * 2;
        var live = await db.SchedulerHeartbeats.Where(h => h.LastSeenAt >= liveSince).Select(h => h.InstanceId).ToListAsync(ct);
        var stuck = await db.Posts.Include(p => p.Attempts)
            .Where(p => p.Status == PostStatus.Publishing)
            .ToListAsync(ct);
        foreach (var post in stuck)
        {
            var attempt = post.Attempts.OrderBy(a => a.AttemptNumber).LastOrDefault();
            var abandoned = attempt is { Outcome: PublishOutcome.Pending }
                && (!live.Contains(attempt.InstanceId ?? "") || attempt.StartedAt < now - Abandoned);
            if (!abandoned)
            {
                continue;
            }

            PublishResult? found = null;
            var known = true;
            try
            {
                found = publishers.For(post.Platform) is { } p ? await p.FindAsync(PostPublisher.Request(post), ct) : null;
            }
            catch (Exception ex) when (ex is NotSupportedException or PublishException or HttpRequestException)
            {
                known = false;
            }

            attempt!.CompletedAt = time.GetUtcNow();
            if (found is not null)
            {
                attempt.Outcome = PublishOutcome.Succeeded;
                (attempt.ExternalId, attempt.ExternalUrl) = (found.ExternalId, found.ExternalUrl);
                (post.Status, post.ExternalId, post.ExternalUrl, post.PublishedAt) = (PostStatus.Published, found.ExternalId, found.ExternalUrl, attempt.StartedAt);
            }
            else if (known)
            {
                // The platform has no such post: the call never landed, so publishing again cannot double it.
                attempt.Outcome = PublishOutcome.TransientFailure;
                attempt.Error = "Interrupted before the platform received it.";
                post.Status = PostStatus.Retrying;
            }
            else
            {
                attempt.Outcome = PublishOutcome.Unknown;
                post.Status = PostStatus.Unconfirmed;
                post.StatusReason = "SocialOps stopped while publishing and the platform cannot say whether the post exists; check it, then mark it or publish again.";
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                continue;
            }

            LogReconciled(logger, post.Id, post.Status);
            if (post.Status == PostStatus.Retrying)
            {
                await triggers.SetAsync(post.Id, time.GetUtcNow(), ct);
            }
        }
    }

    /// <summary>Every pending post (due before <paramref name="dueBefore"/>, when given) has its trigger.</summary>
    private async Task EnsureTriggersAsync(DateTimeOffset? dueBefore, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Posts.AsNoTracking().Where(p => p.Status == PostStatus.Scheduled || p.Status == PostStatus.Retrying);
        if (dueBefore is { } before)
        {
            query = query.Where(p => p.ScheduledFor < before);
        }

        foreach (var post in await query.Select(p => new { p.Id, p.ScheduledFor }).ToListAsync(ct))
        {
            if (!await triggers.ExistsAsync(post.Id, ct))
            {
                await triggers.SetAsync(post.Id, post.ScheduledFor ?? time.GetUtcNow(), ct);
                LogTriggerRestored(logger, post.Id);
            }
        }

    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduler maintenance round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} was left publishing by a stopped run; it is now {Status}")]
    private static partial void LogReconciled(ILogger logger, int postId, PostStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} had no trigger; restored")]
    private static partial void LogTriggerRestored(ILogger logger, int postId);
}
