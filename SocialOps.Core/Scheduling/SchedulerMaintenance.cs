using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// Each scheduler instance checks in every interval, on a loop of its own so that slow work never makes a live
/// instance look dead; a second loop mends what a crash can leave behind: a post claimed by a process that died
/// mid-call, a pending post with no trigger.
/// </summary>
public sealed partial class SchedulerMaintenance(
    IDbContextFactory<SocialOpsDbContext> contexts,
    PostTriggers triggers,
    PublisherRegistry publishers,
    PostOutcomes outcomes,
    SchedulerInstance instance,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<SchedulerMaintenance> logger) : BackgroundService
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    /// <summary>Checks in before start-up completes, so /health is right from the first request.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await CheckInAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Task.Run(() => HeartbeatLoopAsync(stoppingToken), stoppingToken), Task.Run(() => RepairLoopAsync(stoppingToken), stoppingToken));

    private async Task HeartbeatLoopAsync(CancellationToken stoppingToken)
    {
        // A wait after each round rather than a fixed cadence: when the clock jumps (a machine waking up), one round
        // catches up instead of one per interval missed.
        while (await NextRoundAsync(stoppingToken))
        {
            try
            {
                await CheckInAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckInFailed(logger, ex);
            }
        }
    }

    private async Task RepairLoopAsync(CancellationToken stoppingToken)
    {
        var firstRound = true;
        do
        {
            try
            {
                await ReconcileAbandonedAsync(stoppingToken);
                await EnsureTriggersAsync(firstRound ? null : time.GetUtcNow() + options.Value.HeartbeatInterval * 4, stoppingToken);
                firstRound = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(logger, ex);
            }
        }
        while (await NextRoundAsync(stoppingToken));
    }

    private async Task<bool> NextRoundAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(options.Value.HeartbeatInterval, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
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
    /// Posts left in Publishing by a run that cannot still be in flight: its instance stopped checking in, or the
    /// claim is older than the publish call's own timeout allows. A live instance's call is never second-guessed.
    /// </summary>
    private async Task ReconcileAbandonedAsync(CancellationToken ct)
    {
        var settings = options.Value;
        List<(int PostId, string? InstanceId, DateTimeOffset StartedAt)> claims;
        List<string> live;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var liveSince = time.GetUtcNow() - settings.HeartbeatInterval * 2;
            live = await db.SchedulerHeartbeats.Where(h => h.LastSeenAt >= liveSince).Select(h => h.InstanceId).ToListAsync(ct);
            var rows = await db.PublishAttempts.AsNoTracking()
                .Where(a => a.Outcome == PublishOutcome.Pending && a.Post!.Status == PostStatus.Publishing)
                .Select(a => new { a.PostId, a.InstanceId, a.StartedAt })
                .ToListAsync(ct);
            claims = [.. rows.Select(r => (r.PostId, r.InstanceId, r.StartedAt))];
        }

        var overdue = time.GetUtcNow() - settings.PublishTimeout - settings.HeartbeatInterval * 2;
        foreach (var claim in claims.Where(c => !live.Contains(c.InstanceId ?? "") || c.StartedAt < overdue))
        {
            await ReconcileAsync(claim.PostId, ct);
        }
    }

    /// <summary>Settles one abandoned claim in a context of its own, so a conflict here never touches the others.</summary>
    private async Task ReconcileAsync(int postId, CancellationToken ct)
    {
        var settings = options.Value;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Attempts).Include(p => p.Parts).AsSplitQuery().SingleAsync(p => p.Id == postId, ct);
        var attempt = post.Attempts.OrderBy(a => a.AttemptNumber).Last();
        if (post.Status != PostStatus.Publishing || attempt.Outcome != PublishOutcome.Pending)
        {
            return;
        }

        // Without a connector there is nothing to ask: the post goes the way of one the platform does not have.
        var answer = publishers.For(post.Platform) is null ? new PlatformAnswer.NotFound() : await outcomes.AskPlatformAsync(post, ct);
        var now = time.GetUtcNow();
        attempt.CompletedAt = now;
        if (answer is PlatformAnswer.Found && post.Parts.Count > 0)
        {
            // A thread: the next run asks for each part again before sending it, so nothing that landed goes twice.
            attempt.Outcome = PublishOutcome.TransientFailure;
            attempt.Error = "Interrupted while the thread went out; it resumes at the part that did not land.";
            post.Retry(attempt.Error, now, now);
        }
        else if (answer is PlatformAnswer.Found { Publication: var found })
        {
            attempt.Outcome = PublishOutcome.Succeeded;
            (attempt.ExternalId, attempt.ExternalUrl) = (found.ExternalId, found.ExternalUrl);
            post.MarkPublished(found.ExternalId, found.ExternalUrl, attempt.StartedAt, null, now);
        }
        else if (answer is PlatformAnswer.CannotTell)
        {
            attempt.Outcome = PublishOutcome.Unknown;
            post.MarkUnconfirmed("SocialOps stopped while publishing and the platform cannot say whether the post exists; check it, then mark it as published or failed, or publish it again.", now);
        }
        else if (attempt.AttemptNumber >= settings.MaxAttempts)
        {
            attempt.Outcome = PublishOutcome.TransientFailure;
            attempt.Error = "Interrupted before the platform received it.";
            post.MarkFailed($"Gave up after {attempt.AttemptNumber} attempts: every one was interrupted before the platform received it.", now);
        }
        else
        {
            // The platform has no such post: the call never landed, so publishing again cannot double it.
            attempt.Outcome = PublishOutcome.TransientFailure;
            attempt.Error = "Interrupted before the platform received it.";
            post.Retry(attempt.Error, now, now);
        }

        if (!await db.TrySaveAsync(ct))
        {
            // The original run finished (or a user acted) meanwhile: what they saved stands.
            LogReconcileConflict(logger, post.Id);
            return;
        }

        LogReconciled(logger, post.Id, post.Status);
        if (post.Status == PostStatus.Retrying)
        {
            await triggers.SetAsync(post.Id, post.RetryAt!.Value, ct);
        }
    }

    /// <summary>
    /// Every pending post (due before <paramref name="dueBefore"/>, when given) has its trigger: a Scheduled post its
    /// instant's (or one of its own, after "publish now"), a retry its own, at its backoff.
    /// </summary>
    private async Task EnsureTriggersAsync(DateTimeOffset? dueBefore, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var pending = await db.Posts.AsNoTracking().Where(p => p.Status == PostStatus.Scheduled || p.Status == PostStatus.Retrying)
            .WhereIf(dueBefore is not null, p => (p.Status == PostStatus.Retrying ? p.RetryAt : p.ScheduledFor) < dueBefore)
            .Select(p => new { p.Id, p.ScheduledFor, p.RetryAt, p.Status }).ToListAsync(ct);
        var instants = new Dictionary<DateTimeOffset, bool>();
        var restored = new HashSet<DateTimeOffset>();
        foreach (var post in pending)
        {
            if (post.Status == PostStatus.Retrying || post.ScheduledFor is null)
            {
                // A retry keeps its backoff: it is due at RetryAt, not at the post's original time, by a trigger of its own.
                if (!await triggers.OwnExistsAsync(post.Id, ct))
                {
                    await triggers.SetAsync(post.Id, post.RetryAt ?? post.ScheduledFor ?? time.GetUtcNow(), ct);
                    LogTriggerRestored(logger, post.Id);
                }

                continue;
            }

            // Each instant is looked up once a round; every post of an instant restored this round is reported.
            var at = PublishPostJob.Instant(post.ScheduledFor.Value);
            if (!instants.TryGetValue(at, out var found))
            {
                instants[at] = found = await triggers.InstantExistsAsync(at, ct);
            }

            if (!found && !await triggers.OwnExistsAsync(post.Id, ct))
            {
                if (!restored.Contains(at))
                {
                    await triggers.DueAsync(at, ct);
                    restored.Add(at);
                }

                LogTriggerRestored(logger, post.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduler check-in failed")]
    private static partial void LogCheckInFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} changed while it was being reconciled; the newer state stands")]
    private static partial void LogReconcileConflict(ILogger logger, int postId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduler maintenance round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} was left publishing by a stopped run; it is now {Status}")]
    private static partial void LogReconciled(ILogger logger, int postId, PostStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} had no trigger; restored")]
    private static partial void LogTriggerRestored(ILogger logger, int postId);
}
