using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

public sealed partial class AnalyticsService
{
    /// <summary>Engagement that arrived on one platform's posts on one local day of the period.</summary>
    private sealed record EngagedDay(Platform Platform, DateOnly Day, long Engagements);

    /// <summary>
    /// "Engaged in the period": each snapshot taken in the period adds how much its post's engagements grew since the
    /// post's previous snapshot (0 before the first), on the local day it was taken, whatever the post's age. A snapshot
    /// that arrives days after publishing counts in the period it arrived in; over all time the deltas add up to the
    /// posts' lifetime engagements.
    /// </summary>
    private static async Task<List<EngagedDay>> EngagedAsync(SocialOpsDbContext db, AnalyticsPeriod p, CancellationToken ct)
    {
        DateTimeOffset start = p.StartUtc, end = p.EndUtc;
        var taken = await (
                from s in db.PostMetricSnapshots.AsNoTracking()
                join post in FilteredPosts(db, p) on s.PostId equals post.Id
                where s.TakenAt >= start && s.TakenAt < end
                select new { s.PostId, post.Platform, s.TakenAt, Engagements = s.Likes + s.Comments + s.Shares + s.Saves + s.Clicks })
            .ToListAsync(ct);
        if (taken.Count == 0)
        {
            return [];
        }

        // Where each post stood when the period began: its newest snapshot before the start (one seek on (PostId, TakenAt)).
        var previous = new Dictionary<int, long>();
        var snapshots = db.PostMetricSnapshots.AsNoTracking();
        foreach (var chunk in taken.Select(t => t.PostId).Distinct().Chunk(500))
        {
            var before = await snapshots
                .Where(s => chunk.Contains(s.PostId) && s.TakenAt < start
                            && !snapshots.Any(o => o.PostId == s.PostId && o.TakenAt < start && o.TakenAt > s.TakenAt))
                .Select(s => new { s.PostId, Engagements = s.Likes + s.Comments + s.Shares + s.Saves + s.Clicks })
                .ToListAsync(ct);
            foreach (var s in before)
            {
                previous[s.PostId] = s.Engagements;
            }
        }

        var days = new Dictionary<(Platform, DateOnly), long>();
        foreach (var s in taken.OrderBy(t => t.PostId).ThenBy(t => t.TakenAt))
        {
            var key = (s.Platform, p.LocalDay(s.TakenAt));
            days[key] = days.GetValueOrDefault(key) + s.Engagements - previous.GetValueOrDefault(s.PostId);
            previous[s.PostId] = s.Engagements;
        }

        return [.. days.Select(d => new EngagedDay(d.Key.Item1, d.Key.Item2, d.Value))];
    }

    /// <summary>The posts published in the period that have reached 7 days, each with its engagements at 7 days (<see cref="AtSevenDays"/>).</summary>
    private static async Task<Dictionary<int, long>> AtSevenDaysAsync(SocialOpsDbContext db, AnalyticsPeriod p, CancellationToken ct)
    {
        var snapshots = db.PostMetricSnapshots.AsNoTracking();
        var posts = await PublishedPosts(db, p)
            .Select(x => new { x.Id, PublishedAt = x.PublishedAt!.Value, Last = snapshots.Where(m => m.PostId == x.Id).Max(m => (DateTimeOffset?)m.TakenAt) })
            .ToListAsync(ct);
        var cutoffs = posts.Where(x => x.Last >= x.PublishedAt + AtSevenDays.Age).ToDictionary(x => x.Id, x => x.PublishedAt + AtSevenDays.Age);
        var result = cutoffs.Keys.ToDictionary(id => id, _ => 0L);
        var until = p.EndUtc + AtSevenDays.Age;
        foreach (var chunk in cutoffs.Keys.Chunk(500))
        {
            var rows = await snapshots.Where(s => chunk.Contains(s.PostId) && s.TakenAt <= until)
                .Select(s => new { s.PostId, s.TakenAt, Engagements = s.Likes + s.Comments + s.Shares + s.Saves + s.Clicks })
                .ToListAsync(ct);
            foreach (var g in rows.GroupBy(s => s.PostId))
            {
                var cutoff = cutoffs[g.Key];
                result[g.Key] = g.Where(s => s.TakenAt <= cutoff).MaxBy(s => s.TakenAt)?.Engagements ?? 0;
            }
        }

        return result;
    }
}
