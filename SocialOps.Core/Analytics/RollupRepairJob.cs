using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace SocialOps.Core.Analytics;

/// <summary>
/// Rebuilds the per-post roll-up from the raw snapshots and fixes any row that differs (a snapshot written around
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

    /// <summary>Makes the roll-up equal to its recomputation; returns how many rows it had to add, change or remove.</summary>
    public async Task<int> RepairAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var maxId = await db.Posts.MaxAsync(p => (int?)p.Id, ct) ?? 0;
        var changed = 0;
        for (var low = 0; low <= maxId; low += Chunk)
        {
            var high = low + Chunk;
            var expected = await RecomputeAsync(db, low, high, ct);
            var stored = await db.PostMetricTotals.Where(t => t.PostId >= low && t.PostId < high).ToDictionaryAsync(t => t.PostId, ct);
            foreach (var (postId, snapshot) in expected)
            {
                if (!stored.Remove(postId, out var total))
                {
                    total = new PostMetricTotal { PostId = postId };
                    db.PostMetricTotals.Add(total);
                }
                else if (!total.IsOlderThan(snapshot) && total.TakenAt == snapshot.TakenAt && total.Likes == snapshot.Likes && total.Comments == snapshot.Comments
                         && total.Shares == snapshot.Shares && total.Saves == snapshot.Saves && total.Clicks == snapshot.Clicks
                         && total.Impressions == snapshot.Impressions && total.Reach == snapshot.Reach)
                {
                    continue;
                }

                total.CopyFrom(snapshot);
                changed++;
            }

            db.PostMetricTotals.RemoveRange(stored.Values);
            changed += stored.Count;
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

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
        return snapshots.GroupBy(s => s.PostId).ToDictionary(g => g.Key,
            g => g.OrderByDescending(s => s.TakenAt).ThenByDescending(s => (s.Engagements, s.Impressions, s.Reach)).First());
    }

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
