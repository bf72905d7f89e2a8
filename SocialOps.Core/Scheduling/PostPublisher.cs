using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Content;
using SocialOps.Core.Links;
using SocialOps.Core.Publishing;
using SocialOps.Core.Telemetry;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// Publishes one due post, exactly once: it claims the post with an optimistic-concurrency update and records
/// the attempt before calling the platform, so a racing run, a second instance or a "publish now" finds it
/// claimed, and a crash leaves a Pending attempt that start-up reconciles.
/// </summary>
public sealed partial class PostPublisher(
    IDbContextFactory<SocialOpsDbContext> contexts,
    PublisherRegistry publishers,
    LinkService links,
    PostTriggers triggers,
    SeriesPlanner series,
    Audit.AuditLog audit,
    SchedulerInstance instance,
    FirstComments comments,
    IOptions<SchedulingOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<PostPublisher> logger) : IDisposable
{
    private readonly SemaphoreSlim _workers = new(options.Value.MaxConcurrency);

    public void Dispose() => _workers.Dispose();

    public static string IdempotencyKey(int postId) => $"socialops-post-{postId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Publishes every post Scheduled for one instant (see <see cref="PublishPostJob.Instant"/>), as many at a time as
    /// the scheduler has workers. One post's failure never holds up the rest, and once the app is stopping no further
    /// post is started (those under way finish): a post left Scheduled gets its trigger back from the repair, at the
    /// next start or from another instance.
    /// </summary>
    public async Task PublishDueAtAsync(DateTimeOffset instant, CancellationToken ct)
    {
        List<int> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var end = instant.AddTicks(10);
            due = await db.Posts.Where(p => p.Status == PostStatus.Scheduled && p.ScheduledFor >= instant && p.ScheduledFor < end)
                .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        }

        using var starting = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = starting.Token };
        var started = 0;
        try
        {
            await Parallel.ForEachAsync(due, parallel, async (id, token) =>
            {
                // The jobs of instants that overlap share this instance's workers: never more posts at once than there are.
                await _workers.WaitAsync(token);
                try
                {
                    Interlocked.Increment(ref started);
                    await PublishDueAsync(id, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    LogPostFailed(logger, id, ex);
                }
                finally
                {
                    _workers.Release();
                }
            });
        }
        catch (OperationCanceledException) when (starting.IsCancellationRequested)
        {
            LogStoppedEarly(logger, due.Count - started, instant);
        }
    }

    public async Task PublishDueAsync(int postId, CancellationToken ct)
    {
        var settings = options.Value;
        using var activity = SocialOpsTracing.Source.StartActivity("publish post");
        activity?.SetTag(SocialOpsTracing.PostIdTag, postId);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Attempts).Include(p => p.Schedule).Include(p => p.Parts).AsSplitQuery()
            .SingleOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null || post.Status is not (PostStatus.Scheduled or PostStatus.Retrying))
        {
            LogSkipped(logger, postId, post?.Status);
            return;
        }

        var now = time.GetUtcNow();
        if (post.Status == PostStatus.Scheduled && post.PublishRequestedAt is null && post.ScheduledFor < now - settings.MisfireGrace)
        {
            post.MarkMissed($"Due at {post.ScheduledFor:yyyy-MM-dd HH:mm} UTC while SocialOps was not running; publish it now or reschedule it.", now);
            if (await db.TrySaveAsync(ct))
            {
                await EnsureNextInSeriesAsync(post, ct);
            }

            return;
        }

        var attempt = new PublishAttempt
        {
            AttemptNumber = post.Attempts.Count + 1,
            Outcome = PublishOutcome.Pending,
            IdempotencyKey = IdempotencyKey(post.Id),
            StartedAt = now,
            InstanceId = instance.Id,
        };
        post.Claim(attempt, now);

        // Another run that got there first shows as a version conflict, or as its attempt number already taken.
        using (var claim = SocialOpsTracing.Source.StartActivity("claim"))
        {
            claim?.SetTag(SocialOpsTracing.PostIdTag, postId);
            if (!await db.TrySaveAsync(duplicatesConflict: true, ct))
            {
                claim?.SetTag("socialops.claimed", false);
                LogAlreadyClaimed(logger, postId);
                return;
            }
        }

        await PublishClaimedAsync(db, post, attempt, ct);
    }

    /// <summary>
    /// Calls the platform for a post this run has claimed, and records what happened. A thread goes out part by part:
    /// each part only once the one before is confirmed and saved, as a reply to it; a part already confirmed (by an earlier
    /// run) is never sent again, so a run after a failure or an unknown outcome resumes at the part that did not land.
    /// </summary>
    internal async Task PublishClaimedAsync(SocialOpsDbContext db, Post post, PublishAttempt attempt, CancellationToken ct)
    {
        var settings = options.Value;
        var publisher = publishers.For(post.Platform);
        var send = SocialOpsTracing.Source.StartActivity("send");
        send?.SetTag(SocialOpsTracing.PostIdTag, post.Id);
        send?.SetTag(SocialOpsTracing.PlatformTag, SocialOpsMeter.PlatformTag(post.Platform));
        PostPart? sending = null;
        try
        {
            if (publisher is null)
            {
                throw new PublishException(PublishFailureKind.Permanent, $"No connector for {post.Platform} is set up.");
            }

            if (!post.HeadConfirmed)
            {
                var result = await CallAsync(publisher, async token => Request(post, await PublishTextAsync(links, post, token)), ct);
                var at = time.GetUtcNow();
                (attempt.ExternalId, attempt.ExternalUrl) = (result.ExternalId, result.ExternalUrl);
                if (post.Parts.Count == 0)
                {
                    attempt.Outcome = PublishOutcome.Succeeded;
                    post.MarkPublished(result.ExternalId, result.ExternalUrl, at, null, at);
                }
                else
                {
                    post.ConfirmHead(result, at);
                    if (!await SaveStepAsync(db, post, 0, result))
                    {
                        return;
                    }
                }
            }

            while (post.Status == PostStatus.Publishing && post.NextPart is { } part)
            {
                sending = part;
                var result = await CallAsync(publisher, _ => Task.FromResult(PartRequest(post, part)), ct);
                var at = time.GetUtcNow();
                post.ConfirmPart(part.Index, result, at);
                sending = null;
                if (post.NextPart is null)
                {
                    (attempt.Outcome, attempt.ExternalId, attempt.ExternalUrl) = (PublishOutcome.Succeeded, post.ExternalId, post.ExternalUrl);
                    post.MarkPublished(null, null, at, null, at);
                }
                else if (!await SaveStepAsync(db, post, part.Index, result))
                {
                    return;
                }
            }
        }
        catch (PublishException ex)
        {
            var now = time.GetUtcNow();
            attempt.HttpStatus = ex.HttpStatus;
            attempt.Error = Truncate(PartPrefix(post, sending) + ex.Message);
            if (sending is not null)
            {
                post.PartMissing(sending.Index, ex.Kind == PublishFailureKind.Unknown ? PartState.Unknown : PartState.Failed, Truncate(ex.Message), now);
            }

            switch (ex.Kind)
            {
                case PublishFailureKind.Transient when attempt.AttemptNumber < settings.MaxAttempts:
                    attempt.Outcome = PublishOutcome.TransientFailure;
                    post.Retry(attempt.Error, now + RetryDelay(attempt.AttemptNumber, ex.RetryAfter), now);
                    break;
                case PublishFailureKind.Transient:
                    attempt.Outcome = PublishOutcome.TransientFailure;
                    post.MarkFailed($"Gave up after {attempt.AttemptNumber} attempts: {attempt.Error}", now);
                    break;
                case PublishFailureKind.Unknown:
                    attempt.Outcome = PublishOutcome.Unknown;
                    post.MarkUnconfirmed(attempt.Error, now);
                    break;
                default:
                    attempt.Outcome = PublishOutcome.PermanentFailure;
                    post.MarkFailed(attempt.Error, now);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The request may have gone out (a timeout, a cancelled shutdown, a bug): never retry blindly.
            attempt.Outcome = PublishOutcome.Unknown;
            attempt.Error = Truncate(PartPrefix(post, sending) + (ex is OperationCanceledException && !ct.IsCancellationRequested
                ? $"No answer from the platform within {settings.PublishTimeout.TotalSeconds:0} s."
                : $"No answer from the platform: {ex.GetType().Name}"));
            var now = time.GetUtcNow();
            if (sending is not null)
            {
                post.PartMissing(sending.Index, PartState.Unknown, attempt.Error, now);
            }

            post.MarkUnconfirmed(sending is null
                ? "The platform did not answer; check whether the post appeared, then mark it as published or failed, or publish it again."
                : $"{PartPrefix(post, sending)}the platform did not answer; publish it again to check and send the rest (confirmed parts are not sent again).", now);
        }
        finally
        {
            send?.SetTag("socialops.outcome", attempt.Outcome.ToString().ToLowerInvariant());
            if (attempt.Error is { } error)
            {
                send.Fail(error);
            }

            send?.Dispose();
        }

        attempt.CompletedAt = time.GetUtcNow();
        audit.Add(db, Actor.System, $"post.publish.{attempt.Outcome.ToString().ToLowerInvariant()}", "Post",
            post.Id.ToString(CultureInfo.InvariantCulture), new { attempt.AttemptNumber, post.Platform, attempt.Error });
        bool saved;
        using (var commit = SocialOpsTracing.Source.StartActivity("commit"))
        {
            commit?.SetTag(SocialOpsTracing.PostIdTag, post.Id);
            commit?.SetTag("socialops.status", post.Status.ToString().ToLowerInvariant());
            saved = await db.TrySaveAsync(CancellationToken.None);
            commit?.SetTag("socialops.saved", saved);
        }

        if (!saved)
        {
            // Someone settled the post while the call ran (reconciliation, or a user marking it): the platform's
            // answer still goes on record, and a success wins over any later guess.
            await KeepLateOutcomeAsync(post.Id, attempt);
            return;
        }

        LogOutcome(logger, post.Id, attempt.AttemptNumber, attempt.Outcome);
        if (post.Status == PostStatus.Retrying)
        {
            // Set only once the state is saved: the trigger repair rebuilds a lost trigger from RetryAt.
            await triggers.SetAsync(post.Id, post.RetryAt!.Value, CancellationToken.None);
        }

        if (post.Status is PostStatus.Published or PostStatus.Failed or PostStatus.Unconfirmed)
        {
            await EnsureNextInSeriesAsync(post, CancellationToken.None);
        }

        if (post.Status == PostStatus.Published && publisher is not null)
        {
            await comments.PublishAsync(db, post, publisher, CancellationToken.None);
        }
    }

    /// <summary>One platform call, never longer than the publish timeout (reconciliation relies on that to tell a slow call from a dead one).</summary>
    private async Task<PublishResult> CallAsync(IPlatformPublisher publisher, Func<CancellationToken, Task<PublishRequest>> request, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(options.Value.PublishTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        return await publisher.PublishAsync(await request(linked.Token), linked.Token);
    }

    /// <summary>
    /// Commits one confirmed piece of a thread before the next is sent. When someone moved the post on meanwhile (a user,
    /// reconciliation), the piece still goes on record, so it is never sent again, and this run stops.
    /// </summary>
    private async Task<bool> SaveStepAsync(SocialOpsDbContext db, Post post, int index, PublishResult result)
    {
        if (await db.TrySaveAsync(CancellationToken.None))
        {
            return true;
        }

        for (var round = 0; round < 5; round++)
        {
            await using var again = await contexts.CreateDbContextAsync(CancellationToken.None);
            var current = await again.Posts.Include(p => p.Parts).SingleAsync(p => p.Id == post.Id);
            current.KeepLatePart(index, result, time.GetUtcNow());
            if (await again.TrySaveAsync(CancellationToken.None))
            {
                break;
            }
        }

        LogThreadStopped(logger, post.Id, index);
        return false;
    }

    private static string PartPrefix(Post post, PostPart? part) =>
        part is null ? "" : $"Part {(part.Index + 1).ToString(CultureInfo.InvariantCulture)} of {(post.Parts.Count + 1).ToString(CultureInfo.InvariantCulture)}: ";

    /// <summary>
    /// A thread's part as the platform gets it: a reply to the piece before it, under the thread's first post, with a key of
    /// its own. It may exist already when it was sent before and its answer was lost or failed after sending.
    /// </summary>
    internal static PublishRequest PartRequest(Post post, PostPart part)
    {
        var parent = post.Parts.Where(p => p.Index < part.Index).MaxBy(p => p.Index);
        var reply = parent is null
            ? new ThreadReply(post.ExternalId!, post.ExternalCid, post.ExternalId!, post.ExternalCid)
            : new ThreadReply(post.ExternalId!, post.ExternalCid, parent.ExternalId!, parent.ExternalCid);
        var mayExist = part.State != PartState.Pending || post.Attempts.Any(a => a.Outcome is PublishOutcome.Unknown or PublishOutcome.TransientFailure);
        return new PublishRequest(post.Id, post.AccountId, part.Content, [], part.MediaReferences, PostPart.IdempotencyKey(post.Id, part.Index), mayExist,
            post.Attempts.Count == 0 ? null : post.Attempts.Min(a => a.StartedAt), reply);
    }

    /// <summary>Plans a series' next occurrence once this one is settled; a one-off post (most of a burst) needs no lookup.</summary>
    private Task EnsureNextInSeriesAsync(Post post, CancellationToken ct) =>
        post.ScheduleId is not null && (post.Schedule is null || post.Schedule.Kind == ScheduleKind.Recurring)
            ? series.EnsureNextAsync(post.ScheduleId, ct)
            : Task.CompletedTask;

    /// <summary>
    /// Records the outcome of a call that finished after its post was changed by someone else. A success is kept
    /// (the post is Published with its external id, and a retry that was planned meanwhile is called off); any other
    /// outcome only completes the attempt's record.
    /// </summary>
    private async Task KeepLateOutcomeAsync(int postId, PublishAttempt outcome)
    {
        for (var round = 0; round < 5; round++)
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            var post = await db.Posts.Include(p => p.Attempts).SingleAsync(p => p.Id == postId);
            var attempt = post.Attempts.Single(a => a.AttemptNumber == outcome.AttemptNumber);
            (attempt.Outcome, attempt.Error, attempt.HttpStatus, attempt.CompletedAt) = (outcome.Outcome, outcome.Error, outcome.HttpStatus, outcome.CompletedAt);
            (attempt.ExternalId, attempt.ExternalUrl) = (outcome.ExternalId, outcome.ExternalUrl);
            var published = outcome.Outcome == PublishOutcome.Succeeded && post.Status != PostStatus.Published;
            if (published)
            {
                post.MarkPublished(outcome.ExternalId, outcome.ExternalUrl, outcome.CompletedAt ?? time.GetUtcNow(), null, time.GetUtcNow());
                audit.Add(db, Actor.System, "post.publish.late_success", "Post", post.Id.ToString(CultureInfo.InvariantCulture), new { attempt.AttemptNumber, post.Platform });
            }

            if (!await db.TrySaveAsync(CancellationToken.None))
            {
                continue;
            }

            LogLateOutcome(logger, postId, attempt.AttemptNumber, attempt.Outcome, post.Status);
            if (published)
            {
                await triggers.RemoveAsync(postId, CancellationToken.None);
                await series.EnsureNextAsync(post.ScheduleId, CancellationToken.None);
            }

            return;
        }
    }

    internal TimeSpan RetryDelay(int attemptNumber, TimeSpan? retryAfter)
    {
        var settings = options.Value;
        var backoff = TimeSpan.FromTicks((long)(settings.RetryDelay.Ticks * Math.Pow(settings.RetryBackoffFactor, attemptNumber - 1)));
        return retryAfter is { } wait && wait > backoff ? wait : backoff;
    }

    /// <summary>
    /// The text that goes to the platform: the post's, with its links replaced by tracked short links when asked for
    /// (the one place a post's text is prepared for the connectors). Making the links cannot fail halfway into a
    /// publication: nothing has been sent yet, so a failure is a transient one and the post is retried.
    /// </summary>
    internal static async Task<string> PublishTextAsync(LinkService links, Post post, CancellationToken ct)
    {
        try
        {
            return await links.PrepareTextAsync(post, ct);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            throw new PublishException(PublishFailureKind.Transient, $"The post's tracked links could not be made: {ex.Message}", inner: ex);
        }
    }

    internal static PublishRequest Request(Post post, string? text = null) =>
        new(post.Id, post.AccountId, text ?? post.Content, post.Hashtags, post.MediaReferences, IdempotencyKey(post.Id),
            post.Attempts.Any(a => a.Outcome is PublishOutcome.Unknown or PublishOutcome.TransientFailure),
            post.Attempts.Count == 0 ? null : post.Attempts.Min(a => a.StartedAt));

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {Count} posts due at {Instant:O} were left for the trigger repair")]
    private static partial void LogStoppedEarly(ILogger logger, int count, DateTimeOffset instant);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing post {PostId} failed; the trigger repair brings it back")]
    private static partial void LogPostFailed(ILogger logger, int postId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Post {PostId} not published: its status is {Status}")]
    private static partial void LogSkipped(ILogger logger, int postId, PostStatus? status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} was claimed by another run; this one stands down")]
    private static partial void LogAlreadyClaimed(ILogger logger, int postId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} attempt {Attempt} answered {Outcome} after the post was changed meanwhile; it is now {Status}")]
    private static partial void LogLateOutcome(ILogger logger, int postId, int attempt, PublishOutcome outcome, PostStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} changed while its thread went out; part {Index} is on record and this run stops")]
    private static partial void LogThreadStopped(ILogger logger, int postId, int index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} attempt {Attempt}: {Outcome}")]
    private static partial void LogOutcome(ILogger logger, int postId, int attempt, PublishOutcome outcome);
}
