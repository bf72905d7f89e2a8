using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Analytics;
using SocialOps.Core.Content;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Telemetry;

namespace SocialOps.Core.Ingestion;

/// <summary>What one run brought in.</summary>
public sealed record IngestionReport(int NewInteractions, int MetricSnapshots, bool Followers, string? Error);

/// <summary>
/// Brings back what happened to a connection's posts: replies and mentions become <see cref="Interaction"/>s (one per
/// platform id, stored together with the mentions cursor so a run that fails halfway resumes where it stopped),
/// analysed on arrival and announced on the bus; metric snapshots on a schedule that thins out with age; a daily
/// follower count.
/// </summary>
public sealed partial class IngestionService(
    IDbContextFactory<SocialOpsDbContext> contexts, IEnumerable<IConnector> connectors, ConnectionStore store, InboxIntake intake,
    IOptions<ConnectorOptions> options, TimeProvider time, ILogger<IngestionService> logger)
{
    /// <summary>Replies are looked for under posts published this recently.</summary>
    public static readonly TimeSpan ReplyWindow = TimeSpan.FromDays(14);

    /// <summary>Metrics are followed this long after publishing.</summary>
    public static readonly TimeSpan MetricWindow = TimeSpan.FromDays(30);

    private const int MaxMentionPages = 20;
    private readonly Dictionary<Platform, IConnector> _connectors = connectors.ToDictionary(c => c.Platform);
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _gates = new();

    /// <summary>"Fetch now", on someone's behalf.</summary>
    public Task<IngestionReport> RunNowAsync(int accountId, Actor actor, CancellationToken ct)
    {
        actor.Require(Access.Admin);
        return RunAsync(accountId, ct);
    }

    /// <summary>One run for a connection (its job's, or "fetch now"'s).</summary>
    public async Task<IngestionReport> RunAsync(int accountId, CancellationToken ct)
    {
        // One run per connection at a time in this instance (the job and "fetch now"); across instances the unique
        // platform id makes a racing run fail its save, and the next run carries on.
        var gate = _gates.GetOrAdd(accountId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await RunOnceAsync(accountId, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IngestionReport> RunOnceAsync(int accountId, CancellationToken ct)
    {
        var account = await store.FindAsync(accountId, ct);
        if (account is null || account.IsPaused || account.PublishesToSandbox || !_connectors.TryGetValue(account.Platform, out var connector))
        {
            return new IngestionReport(0, 0, false, null);
        }

        using var activity = SocialOpsTracing.Source.StartActivity("ingest connection");
        activity?.SetTag(SocialOpsTracing.ConnectionTag, accountId);
        activity?.SetTag(SocialOpsTracing.PlatformTag, SocialOpsMeter.PlatformTag(account.Platform));
        Connection? connection = null;
        var (added, snapshots, followers) = (0, 0, false);
        Exception? error = null;
        string? commentProblem = null;
        try
        {
            connection = await store.OpenAsync(account, ct);
            if (connector is ICommentSource comments)
            {
                (added, commentProblem) = await IngestCommentsAsync(account, connection, comments, ct);
            }

            if (connector is IMetricSource metrics)
            {
                snapshots = await IngestMetricsAsync(account, connection, metrics, ct);
            }

            if (connector is IFollowerSource followerSource)
            {
                followers = await IngestFollowersAsync(account, connection, followerSource, ct);
            }
        }
        catch (Exception ex) when (ex is PublishException or DbUpdateException)
        {
            error = ex is DbUpdateException ? new InvalidOperationException("Another run stored the same items meanwhile; the next run carries on.") : ex;
            LogRunFailed(logger, accountId, account.Platform, error.Message);
            activity.Fail(error.Message);
        }
        finally
        {
            await intake.AnalysePendingAsync(account.Id, CancellationToken.None);
        }

        if (connection is not null)
        {
            await store.RecordAsync(connection, error, CancellationToken.None);
        }
        else if (error is not null)
        {
            await store.RecordAsync(account.Id, null, error, CancellationToken.None); // the connection could not be opened (renewal failed)
        }

        await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
        {
            await db.PlatformAccounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSyncedAt, time.GetUtcNow()), CancellationToken.None);
        }

        activity?.SetTag("socialops.new_interactions", added);
        return new IngestionReport(added, snapshots, followers, error?.Message ?? commentProblem);
    }

    private sealed record PostToRead(int PostId, string ExternalId, string Content);

    /// <summary>
    /// Each post's thread and each page of mentions is read and stored on its own: a post the platform no longer has (a
    /// 404), an unreadable answer or a failing save is noted and the others are read all the same. Only what stops every
    /// call alike (refused credentials, a rate limit, no answer at all) ends the run. The outcome is kept on the connection.
    /// </summary>
    private async Task<(int Added, string? Problem)> IngestCommentsAsync(PlatformAccount account, Connection connection, ICommentSource source, CancellationToken ct)
    {
        var since = time.GetUtcNow() - ReplyWindow;
        List<PostToRead> posts;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            posts = await db.Posts.AsNoTracking()
                .Where(p => p.AccountId == account.Id && p.Status == PostStatus.Published && p.ExternalId != null && p.PublishedAt >= since)
                .OrderBy(p => p.Id)
                .Select(p => new PostToRead(p.Id, p.ExternalId!, p.Content)).ToListAsync(ct);

            // A thread's parts gather comments of their own: each is read as a post of its own, and what comes in belongs to the thread.
            posts.AddRange(await db.PostParts.AsNoTracking()
                .Where(x => x.State == PartState.Published && x.ExternalId != null)
                .Join(db.Posts.Where(p => p.AccountId == account.Id && p.Status == PostStatus.Published && p.PublishedAt >= since), x => x.PostId, p => p.Id, (x, p) => x)
                .OrderBy(x => x.PostId).ThenBy(x => x.Index)
                .Select(x => new PostToRead(x.PostId, x.ExternalId!, x.Content)).ToListAsync(ct));
        }

        // Two posts can carry one platform id (say, one marked published by hand with another's link): the thread is
        // read once and its comments belong to the first of them.
        var byExternalId = posts.DistinctBy(p => p.ExternalId).ToDictionary(p => p.ExternalId, p => p.PostId);
        var (added, failedPosts) = (0, 0);
        string? firstFailure = null;
        foreach (var post in posts.DistinctBy(p => p.ExternalId))
        {
            try
            {
                added += await StoreAsync(account, await source.FetchRepliesAsync(connection, new OwnPost(post.PostId, post.ExternalId), ct), byExternalId, null, ct);
            }
            catch (Exception ex) when (ConcernsOneItem(ex))
            {
                failedPosts++;
                firstFailure ??= $"“{Snippet(post.Content)}”: {ReasonOf(ex)}";
                LogPostFailed(logger, account.Id, post.PostId, ex);
            }
        }

        string? mentionsFailure = null;
        var cursor = account.MentionsCursor;
        for (var page = 0; page < MaxMentionPages; page++)
        {
            CommentPage mentions;
            try
            {
                mentions = await source.FetchMentionsAsync(connection, cursor, ct);
                added += await StoreAsync(account, mentions.Items, byExternalId, mentions.Cursor ?? cursor, ct);
            }
            catch (Exception ex) when (ConcernsOneItem(ex))
            {
                // The next page is only known from this one: the next run starts here again (the cursor did not move).
                mentionsFailure = ReasonOf(ex);
                LogMentionsFailed(logger, account.Id, ex);
                break;
            }

            if (!mentions.More || mentions.Cursor is null || mentions.Cursor == cursor)
            {
                break;
            }

            cursor = mentions.Cursor;
        }

        var problem = Problem(failedPosts, firstFailure, mentionsFailure);
        await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
        {
            DateTimeOffset? at = problem is null ? null : time.GetUtcNow();
            await db.PlatformAccounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.CommentFetchFailures, failedPosts + (mentionsFailure is null ? 0 : 1))
                .SetProperty(a => a.CommentFetchError, problem)
                .SetProperty(a => a.CommentFetchErrorAt, at), CancellationToken.None);
        }

        return (added, problem);
    }

    /// <summary>"Fetching comments: 2 posts failed — “New roast…”: Mastodon has no such resource (404)…", or null.</summary>
    private static string? Problem(int failedPosts, string? firstFailure, string? mentionsFailure)
    {
        if (failedPosts == 0 && mentionsFailure is null)
        {
            return null;
        }

        var posts = failedPosts == 1 ? "1 post failed" : $"{failedPosts} posts failed";
        var text = (failedPosts, mentionsFailure) switch
        {
            (0, _) => $"Fetching comments: mentions could not be read — {mentionsFailure}",
            (_, null) => $"Fetching comments: {posts} — {firstFailure}",
            _ => $"Fetching comments: {posts} — {firstFailure}; mentions could not be read — {mentionsFailure}",
        };
        return text.Length > 1000 ? text[..999] + "…" : text;
    }

    // A rejected sign-in, a rate limit or an unreachable platform fails every call alike: the run stops and tries later.
    private static bool ConcernsOneItem(Exception ex) => ex switch
    {
        PublishException p => p.HttpStatus is not (401 or 429) && p.RetryAfter is null && !(p.HttpStatus is null && p.InnerException is not null),
        OperationCanceledException or OutOfMemoryException => false,
        _ => true,
    };

    private static string ReasonOf(Exception ex) => ex switch
    {
        PublishException => ex.Message,
        DbUpdateException => "another fetch stored the same comments meanwhile; the next run carries on",
        _ => "an unexpected error (details in the log)",
    };

    private static string Snippet(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 40 ? line : line[..40].TrimEnd() + "…";
    }

    /// <summary>Stores comments a platform pushed (already verified by the caller); returns how many were new.</summary>
    public async Task<int> StorePushedAsync(PlatformAccount account, IReadOnlyList<IncomingComment> items, CancellationToken ct)
    {
        var ids = items.Select(i => i.PostExternalId).OfType<string>().Distinct().ToList();
        Dictionary<string, int> posts;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            posts = await db.Posts.AsNoTracking().Where(p => p.AccountId == account.Id && p.ExternalId != null && ids.Contains(p.ExternalId))
                .ToDictionaryAsync(p => p.ExternalId!, p => p.Id, ct);
        }

        return await StoreAsync(account, items, posts, null, ct);
    }

    private async Task<int> StoreAsync(PlatformAccount account, IReadOnlyList<IncomingComment> items, Dictionary<string, int> posts, string? cursor, CancellationToken ct) =>
        (await intake.StoreAsync(account, account.Platform, items, posts, cursor, ct)).Count;

    private async Task<int> IngestMetricsAsync(PlatformAccount account, Connection connection, IMetricSource source, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = now - MetricWindow;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var posts = await db.Posts.AsNoTracking()
            .Where(p => p.AccountId == account.Id && p.Status == PostStatus.Published && p.ExternalId != null && p.PublishedAt >= since)
            .Select(p => new { p.Id, p.ExternalId, p.PublishedAt, Last = db.PostMetricSnapshots.Where(m => m.PostId == p.Id).Max(m => (DateTimeOffset?)m.TakenAt) })
            .ToListAsync(ct);
        var due = posts.Where(p => p.Last is null || now - p.Last >= SnapshotEvery(now - p.PublishedAt!.Value)).ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        // A thread's counts are its parts' together: each part is asked about, and the post's snapshot sums them.
        var dueIds = due.Select(p => p.Id).ToList();
        var parts = (await db.PostParts.AsNoTracking().Where(x => dueIds.Contains(x.PostId) && x.State == PartState.Published && x.ExternalId != null)
            .Select(x => new { x.PostId, x.ExternalId }).ToListAsync(ct)).ToLookup(x => x.PostId, x => x.ExternalId!);

        // Posts sharing one platform id are asked about once, and each gets the counts.
        var asked = due.Select(p => new OwnPost(p.Id, p.ExternalId!)).Concat(due.SelectMany(p => parts[p.Id].Select(id => new OwnPost(p.Id, id))))
            .DistinctBy(p => p.ExternalId).ToList();
        var counts = (await source.FetchMetricsAsync(connection, asked, ct))
            .DistinctBy(c => c.ExternalId).ToDictionary(c => c.ExternalId);
        var taken = 0;
        foreach (var post in due.Where(p => counts.ContainsKey(p.ExternalId!)))
        {
            taken++;
            var c = parts[post.Id].Where(counts.ContainsKey).Select(id => counts[id]).Aggregate(counts[post.ExternalId!], (sum, part) => sum with
            {
                Likes = sum.Likes + part.Likes, Comments = sum.Comments + part.Comments, Shares = sum.Shares + part.Shares, Saves = sum.Saves + part.Saves,
                Clicks = sum.Clicks + part.Clicks, Impressions = sum.Impressions + part.Impressions, Reach = sum.Reach + part.Reach,
            });
            db.PostMetricSnapshots.Add(new PostMetricSnapshot
            {
                PostId = post.Id, TakenAt = now, Likes = c.Likes, Comments = c.Comments, Shares = c.Shares, Saves = c.Saves,
                Clicks = c.Clicks, Impressions = c.Impressions, Reach = c.Reach,
            });
        }

        // The save also writes each post's running totals (the analytics roll-up): count the snapshots, not the rows.
        await db.SaveChangesAsync(ct);
        return taken;
    }

    /// <summary>Every poll in a post's first two days, hourly in its first week, then daily.</summary>
    public TimeSpan SnapshotEvery(TimeSpan age) =>
        age < TimeSpan.FromDays(2) ? options.Value.PollInterval : age < TimeSpan.FromDays(7) ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    private async Task<bool> IngestFollowersAsync(PlatformAccount account, Connection connection, IFollowerSource source, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var zone = Zones.Find(account.TimeZone) ?? TimeZoneInfo.Utc;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var snapshot = await db.FollowerSnapshots.SingleOrDefaultAsync(f => f.AccountId == account.Id && f.Day == day, ct);
        if (snapshot is not null && now - snapshot.TakenAt < TimeSpan.FromHours(1))
        {
            return false;
        }

        long count;
        try
        {
            count = await source.FetchFollowersAsync(connection, ct);
        }
        catch (NotSupportedException)
        {
            return false; // this kind of account has no follower count on its platform (a LinkedIn member)
        }

        if (snapshot is null)
        {
            db.FollowerSnapshots.Add(snapshot = new FollowerSnapshot { AccountId = account.Id, Day = day });
        }

        (snapshot.Followers, snapshot.TakenAt) = (count, now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching the comments of post {PostId} from connection {AccountId} failed; the other posts are read")]
    private static partial void LogPostFailed(ILogger logger, int accountId, int postId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching mentions from connection {AccountId} failed; the next run resumes there")]
    private static partial void LogMentionsFailed(ILogger logger, int accountId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching from connection {AccountId} ({Platform}) stopped: {Reason}")]
    private static partial void LogRunFailed(ILogger logger, int accountId, Platform platform, string reason);

}
