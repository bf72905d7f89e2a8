using System.Data;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>
/// Rebuilds the per-post roll-ups (<see cref="PostMetricTotal"/>, <see cref="PostMetricDay"/>) from the raw snapshots and fixes any row that differs (a snapshot written around
/// the app, a restored backup), and any analysis whose copy of its comment's instant differs from the comment's.
/// Runs nightly; the incremental roll-up makes it a no-op in normal operation.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class RollupRepairJob(IDbContextFactory<SocialOpsDbContext> contexts, ILogger<RollupRepairJob> logger) : IJob
{
    public static readonly JobKey Key = new("rollup-repair", "analytics");
    private const int Chunk = 1000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var fixedRows = await RepairAsync(cancellationToken);
        LogRepaired(fixedRows);
    }

    /// <summary>Makes the roll-ups equal to their recomputation; returns how many rows it had to add, change or remove.</summary>
    public async Task<int> RepairAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var maxId = await db.Posts.MaxAsync(p => (int?)p.Id, ct) ?? 0;
        var changed = 0;
        for (var low = 0; low <= maxId; low += Chunk)
        {
            var high = low + Chunk;
            var expected = await RecomputeTotalsAsync(db, low, high, ct);
            var stored = await db.PostMetricTotals.Where(t => t.PostId >= low && t.PostId < high).ToDictionaryAsync(t => t.PostId, ct);
            foreach (var (postId, want) in expected)
            {
                if (!stored.Remove(postId, out var total))
                {
                    total = new PostMetricTotal { PostId = postId };
                    db.PostMetricTotals.Add(total);
                }
                else if (total.TakenAt == want.TakenAt && total.Likes == want.Likes && total.Comments == want.Comments
                         && total.Shares == want.Shares && total.Saves == want.Saves && total.Clicks == want.Clicks
                         && total.Impressions == want.Impressions && total.Reach == want.Reach && total.SameSevenDays(want))
                {
                    continue;
                }

                (total.TakenAt, total.Likes, total.Comments, total.Shares, total.Saves, total.Clicks, total.Impressions, total.Reach) =
                    (want.TakenAt, want.Likes, want.Comments, want.Shares, want.Saves, want.Clicks, want.Impressions, want.Reach);
                (total.ReachedSevenDays, total.SevenDaysTakenAt, total.SevenDaysEngagements) = (want.ReachedSevenDays, want.SevenDaysTakenAt, want.SevenDaysEngagements);
                changed++;
            }

            db.PostMetricTotals.RemoveRange(stored.Values);
            changed += stored.Count;
            changed += await RepairDaysAsync(db, low, high, ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        changed += await RepairAccountsAsync(db, ct);

        // Each analysis carries its comment's instant for the analytics' range scans; one written around the app is put right.
        var instants = db.Interactions.AsNoTracking();
        changed += await db.SentimentResults
            .Where(s => instants.Any(i => i.Id == s.InteractionId && i.ReceivedAt != s.ReceivedAt))
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.ReceivedAt, s => instants.Where(i => i.Id == s.InteractionId).Select(i => i.ReceivedAt).First()), ct);
        return changed;
    }

    /// <summary>The newest snapshot of each post with an id in [low, high), straight from the raw rows.</summary>
    public static async Task<Dictionary<int, PostMetricSnapshot>> RecomputeAsync(SocialOpsDbContext db, int low, int high, CancellationToken ct)
    {
        var snapshots = await db.PostMetricSnapshots.AsNoTracking().Where(s => s.PostId >= low && s.PostId < high).ToListAsync(ct);
        return snapshots.GroupBy(s => s.PostId).ToDictionary(g => g.Key, Newest);
    }

    /// <summary>Each post's roll-up row (newest counters and figures at 7 days) for posts with an id in [low, high), from the raw rows.</summary>
    public static async Task<Dictionary<int, PostMetricTotal>> RecomputeTotalsAsync(SocialOpsDbContext db, int low, int high, CancellationToken ct)
    {
        var snapshots = await db.PostMetricSnapshots.AsNoTracking().Where(s => s.PostId >= low && s.PostId < high).ToListAsync(ct);
        var published = await db.Posts.AsNoTracking().Where(p => p.Id >= low && p.Id < high).Select(p => new { p.Id, p.PublishedAt }).ToDictionaryAsync(p => p.Id, p => p.PublishedAt, ct);
        return snapshots.GroupBy(s => s.PostId).ToDictionary(g => g.Key, g =>
        {
            var total = new PostMetricTotal { PostId = g.Key };
            total.CopyFrom(Newest(g));
            foreach (var s in g)
            {
                total.ApplySevenDays(s, published.GetValueOrDefault(g.Key));
            }

            return total;
        });
    }

    /// <summary>The hourly growth of each post with an id in [low, high), from the raw rows (<see cref="PostMetricDay.FromSnapshots"/>).</summary>
    public static async Task<Dictionary<(int PostId, DateOnly Day), long[]>> RecomputeDaysAsync(SocialOpsDbContext db, int low, int high, CancellationToken ct)
    {
        var snapshots = await db.PostMetricSnapshots.AsNoTracking().Where(s => s.PostId >= low && s.PostId < high)
            .Select(s => new { s.PostId, s.TakenAt, Engagements = s.Likes + s.Comments + s.Shares + s.Saves + s.Clicks }).ToListAsync(ct);
        var result = new Dictionary<(int, DateOnly), long[]>();
        foreach (var g in snapshots.GroupBy(s => s.PostId))
        {
            foreach (var (day, hours) in PostMetricDay.FromSnapshots(g.Select(s => (s.TakenAt, s.Engagements))))
            {
                result[(g.Key, day)] = hours;
            }
        }

        return result;
    }

    private static async Task<int> RepairDaysAsync(SocialOpsDbContext db, int low, int high, CancellationToken ct)
    {
        var expected = await RecomputeDaysAsync(db, low, high, ct);
        var stored = await db.PostMetricDays.Where(d => d.PostId >= low && d.PostId < high).ToDictionaryAsync(d => (d.PostId, d.Day), ct);
        var changed = 0;
        foreach (var (key, hours) in expected)
        {
            if (!stored.Remove(key, out var row))
            {
                row = new PostMetricDay { PostId = key.PostId, Day = key.Day };
                db.PostMetricDays.Add(row);
            }
            else if (row.Hours().SequenceEqual(hours))
            {
                continue;
            }

            row.SetHours(hours);
            changed++;
        }

        db.PostMetricDays.RemoveRange(stored.Values);
        return changed + stored.Count;
    }

    /// <summary>
    /// Makes each account's days (<see cref="AccountMetricDay"/>) equal to the sum of its posts' days. Both are read in one
    /// transaction (a save changes both in one), and what differs is put right by adding the difference, so growth saved
    /// meanwhile by ingestion is kept.
    /// </summary>
    private static async Task<int> RepairAccountsAsync(SocialOpsDbContext db, CancellationToken ct)
    {
        var expected = new Dictionary<(DateOnly Day, Platform Platform, int AccountId), long[]>();
        Dictionary<(DateOnly, Platform, int), long[]> stored;
        await using (var read = await db.Database.BeginTransactionAsync(db.Database.IsNpgsql() ? IsolationLevel.RepeatableRead : IsolationLevel.Serializable, ct))
        {
            var days = from d in db.PostMetricDays.AsNoTracking()
                       join p in db.Posts on d.PostId equals p.Id
                       select new { Row = d, p.Platform, p.AccountId };
            await foreach (var d in days.AsAsyncEnumerable().WithCancellation(ct))
            {
                var key = (d.Row.Day, d.Platform, d.AccountId ?? 0);
                if (!expected.TryGetValue(key, out var hours))
                {
                    expected[key] = hours = new long[24];
                }

                var add = d.Row.Hours();
                for (var h = 0; h < 24; h++)
                {
                    hours[h] += add[h];
                }
            }

            stored = await db.AccountMetricDays.AsNoTracking().ToDictionaryAsync(a => (a.Day, a.Platform, a.AccountId), a => a.Hours(), ct);
            await read.CommitAsync(ct);
        }

        var differences = new Dictionary<(DateOnly, Platform, int), long[]>();
        foreach (var (key, hours) in expected)
        {
            var have = stored.GetValueOrDefault(key);
            if (have is null || !have.SequenceEqual(hours))
            {
                differences[key] = [.. hours.Select((value, h) => value - (have?[h] ?? 0))];
            }
        }

        var gone = stored.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        if (differences.Count > 0)
        {
            await using var write = await db.Database.BeginTransactionAsync(ct);
            await MetricRollupInterceptor.WriteAsync(db.Database.GetDbConnection(), write.GetDbTransaction(), differences, sync: false, ct);
            await write.CommitAsync(ct);
        }

        // A row no post has a day for any more goes, unless a post's day came back meanwhile.
        foreach (var (day, platform, account) in gone)
        {
            await db.AccountMetricDays
                .Where(a => a.Day == day && a.Platform == platform && a.AccountId == account
                            && !db.PostMetricDays.Any(d => d.Day == day && d.Post!.Platform == platform && (d.Post.AccountId ?? 0) == account))
                .ExecuteDeleteAsync(ct);
        }

        return differences.Count + gone.Count;
    }

    private static PostMetricSnapshot Newest(IEnumerable<PostMetricSnapshot> snapshots) =>
        snapshots.OrderByDescending(s => s.TakenAt).ThenByDescending(s => (s.Engagements, s.Impressions, s.Reach)).First();

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics roll-up checked; {Changed} rows repaired")]
    private partial void LogRepaired(int changed);
}

/// <summary>Keeps the nightly repair in the scheduler's store (at 03:30 UTC), set at every start.</summary>
internal sealed class RollupRepairSchedule(ISchedulerFactory schedulers) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<RollupRepairJob>().WithIdentity(RollupRepairJob.Key).StoreDurably().Build();
        var trigger = TriggerBuilder.Create().ForJob(RollupRepairJob.Key).WithIdentity("rollup-repair-nightly", "analytics")
            .WithCronSchedule("0 30 3 * * ?", c => c.InTimeZone(TimeZoneInfo.Utc)).Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
