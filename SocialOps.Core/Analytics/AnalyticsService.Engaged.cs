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
    /// posts' lifetime engagements. Read from the accounts' hourly roll-up (<see cref="AccountMetricDay"/>, a few rows per day however
    /// many posts) when every local day of the period starts on a whole UTC hour, from the snapshots themselves otherwise.
    /// </summary>
    private static async Task<List<EngagedDay>> EngagedAsync(SocialOpsDbContext db, AnalyticsPeriod p, CancellationToken ct)
    {
        if (!DaysStartOnWholeHours(p))
        {
            return await EngagedFromSnapshotsAsync(db, p, ct);
        }

        DateTimeOffset start = p.StartUtc, end = p.EndUtc;
        DateOnly first = HourlyGrowth.BucketOf(start).Day, last = HourlyGrowth.BucketOf(end.AddTicks(-1)).Day;
        var accountDays = db.AccountMetricDays.AsNoTracking().Where(d => d.Day >= first && d.Day <= last);
        if (p.Platform is { } onPlatform)
        {
            accountDays = accountDays.Where(d => d.Platform == onPlatform);
        }

        if (p.AccountId is { } ofAccount)
        {
            accountDays = accountDays.Where(d => d.AccountId == ofAccount);
        }

        var rows = await (
                from d in accountDays
                // In the key's order (day, platform), so the rows are summed as they are read.
                group d by new { d.Day, d.Platform } into g
                select new
                {
                    g.Key.Platform,
                    g.Key.Day,
                    H00 = g.Sum(x => x.H00),
                    H01 = g.Sum(x => x.H01),
                    H02 = g.Sum(x => x.H02),
                    H03 = g.Sum(x => x.H03),
                    H04 = g.Sum(x => x.H04),
                    H05 = g.Sum(x => x.H05),
                    H06 = g.Sum(x => x.H06),
                    H07 = g.Sum(x => x.H07),
                    H08 = g.Sum(x => x.H08),
                    H09 = g.Sum(x => x.H09),
                    H10 = g.Sum(x => x.H10),
                    H11 = g.Sum(x => x.H11),
                    H12 = g.Sum(x => x.H12),
                    H13 = g.Sum(x => x.H13),
                    H14 = g.Sum(x => x.H14),
                    H15 = g.Sum(x => x.H15),
                    H16 = g.Sum(x => x.H16),
                    H17 = g.Sum(x => x.H17),
                    H18 = g.Sum(x => x.H18),
                    H19 = g.Sum(x => x.H19),
                    H20 = g.Sum(x => x.H20),
                    H21 = g.Sum(x => x.H21),
                    H22 = g.Sum(x => x.H22),
                    H23 = g.Sum(x => x.H23),
                })
            .ToListAsync(ct);

        var days = new Dictionary<(Platform, DateOnly), long>();
        var edges = new HashSet<Platform>();
        foreach (var r in rows)
        {
            long[] hours = [r.H00, r.H01, r.H02, r.H03, r.H04, r.H05, r.H06, r.H07, r.H08, r.H09, r.H10, r.H11, r.H12, r.H13, r.H14, r.H15, r.H16, r.H17, r.H18, r.H19, r.H20, r.H21, r.H22, r.H23];
            var midnight = new DateTimeOffset(r.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            // A UTC day wholly inside the period had a snapshot in it, even if nothing grew: its platform is listed.
            var whole = midnight >= start && midnight.AddDays(1) <= end;
            for (var h = 0; h < 24; h++)
            {
                var hour = midnight.AddHours(h);
                if (hour >= start && hour < end && (hours[h] != 0 || whole))
                {
                    var key = (r.Platform, p.LocalDay(hour));
                    days[key] = days.GetValueOrDefault(key) + hours[h];
                }
            }

            if (!whole)
            {
                edges.Add(r.Platform);
            }
        }

        // A platform seen only on the period's first or last UTC day with no growth there: listed only if one of its
        // snapshots was taken inside the period (the hour columns cannot tell a still snapshot from none).
        var listed = days.Keys.Select(k => k.Item1).ToHashSet();
        foreach (var platform in edges.Where(e => !listed.Contains(e)))
        {
            DateTimeOffset afterFirst = new(first.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), lastMidnight = new(last.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var taken = await (
                    from s in db.PostMetricSnapshots.AsNoTracking()
                    join post in FilteredPosts(db, p) on s.PostId equals post.Id
                    where post.Platform == platform && s.TakenAt >= start && s.TakenAt < end && (s.TakenAt < afterFirst || s.TakenAt >= lastMidnight)
                    select s.TakenAt)
                .FirstOrDefaultAsync(ct);
            if (taken != default)
            {
                days[(platform, p.LocalDay(taken))] = 0;
            }
        }

        return [.. days.Select(d => new EngagedDay(d.Key.Item1, d.Key.Item2, d.Value))];
    }

    /// <summary>Whether each local day of the period (and the day after it) starts on a whole UTC hour, as in every zone without a half-hour offset.</summary>
    private static bool DaysStartOnWholeHours(AnalyticsPeriod p)
    {
        for (var day = p.From; day <= p.To.AddDays(1); day = day.AddDays(1))
        {
            if ((p with { From = day, To = day }).StartUtc.UtcTicks % TimeSpan.TicksPerHour != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"Engaged in the period" worked out from the snapshots themselves, for a zone whose days start off the hour.</summary>
    private static async Task<List<EngagedDay>> EngagedFromSnapshotsAsync(SocialOpsDbContext db, AnalyticsPeriod p, CancellationToken ct)
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

    /// <summary>The posts published in the period that have reached 7 days, each with its engagements at 7 days (<see cref="AtSevenDays"/>, kept in the roll-up).</summary>
    private static Task<Dictionary<int, long>> AtSevenDaysAsync(SocialOpsDbContext db, AnalyticsPeriod p, CancellationToken ct) =>
        (from post in PublishedPosts(db, p)
         join t in db.PostMetricTotals on post.Id equals t.PostId
         where t.ReachedSevenDays
         select new { post.Id, t.SevenDaysEngagements })
        .ToDictionaryAsync(x => x.Id, x => x.SevenDaysEngagements, ct);
}
