using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

public sealed partial class AnalyticsService
{
    /// <summary>
    /// One account's followers: <c>End</c> is its newest count on or before the last day, <c>Start</c> its newest count
    /// before the first day (or, for an account first counted during the period, its first count in it).
    /// </summary>
    private sealed record AccountFollowers(int AccountId, Platform Platform, long Start, long End, long? Before)
    {
        public long Growth => End - Start;
    }

    private static async Task<List<AccountFollowers>> AccountFollowersAsync(SocialOpsDbContext db, AnalyticsPeriod p, CancellationToken ct)
    {
        // A removed account's followers are no longer ours: they count in no total, for any period.
        var accounts = db.PlatformAccounts.AsNoTracking().Where(a => a.RemovedAt == null);
        if (p.Platform is { } platform)
        {
            accounts = accounts.Where(a => a.Platform == platform);
        }

        if (p.AccountId is { } id)
        {
            accounts = accounts.Where(a => a.Id == id);
        }

        DateOnly from = p.From, to = p.To;
        var snapshots = db.FollowerSnapshots.AsNoTracking();
        // One query; each figure is one seek on the (AccountId, Day) index.
        var rows = await accounts.Select(a => new
        {
            a.Id,
            a.Platform,
            End = snapshots.Where(f => f.AccountId == a.Id && f.Day <= to).OrderByDescending(f => f.Day).Select(f => (long?)f.Followers).FirstOrDefault(),
            Before = snapshots.Where(f => f.AccountId == a.Id && f.Day < from).OrderByDescending(f => f.Day).Select(f => (long?)f.Followers).FirstOrDefault(),
            FirstIn = snapshots.Where(f => f.AccountId == a.Id && f.Day >= from && f.Day <= to).OrderBy(f => f.Day).Select(f => (long?)f.Followers).FirstOrDefault(),
        }).ToListAsync(ct);
        return [.. rows.Where(r => r.End is not null).OrderBy(r => r.Id)
            .Select(r => new AccountFollowers(r.Id, r.Platform, r.Before ?? r.FirstIn ?? r.End!.Value, r.End!.Value, r.Before))];
    }

    /// <summary>The period's days; <paramref name="accounts"/> are the period's <see cref="AccountFollowersAsync"/>, already read by every caller.</summary>
    private static async Task<IReadOnlyList<DailyPoint>> DailyAsync(
        SocialOpsDbContext db, AnalyticsPeriod p, List<AccountFollowers> accounts, List<PostMetrics> posts, List<CommentGroup> comments, List<EngagedDay> engaged,
        CancellationToken ct)
    {
        var ids = accounts.Select(a => a.AccountId).ToList();
        DateOnly from = p.From, to = p.To;
        var snapshots = await db.FollowerSnapshots.AsNoTracking()
            .Where(f => ids.Contains(f.AccountId) && f.Day >= from && f.Day <= to)
            .Select(f => new { f.AccountId, f.Day, f.Followers })
            .ToListAsync(ct);
        var byDay = snapshots.ToLookup(s => s.Day);
        var postsByDay = posts.ToLookup(r => p.LocalDay(r.PublishedAt));
        var engagedByDay = engaged.ToLookup(e => e.Day);
        var commentsByDay = comments.Where(c => c.Analysed > 0).ToLookup(c => p.LocalDay(c.At));

        // Followers carry forward: a day without a count keeps the account's last one.
        var last = accounts.Where(a => a.Before is not null).ToDictionary(a => a.AccountId, a => a.Before!.Value);
        var points = new List<DailyPoint>(p.Days);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            foreach (var s in byDay[day])
            {
                last[s.AccountId] = s.Followers;
            }

            var dayPosts = postsByDay[day].ToList();
            var dayComments = commentsByDay[day].ToList();
            points.Add(new DailyPoint(day, dayPosts.Count, dayPosts.Sum(r => r.Engagements), dayPosts.Sum(r => r.Impressions), last.Values.Sum(),
                dayComments.Count == 0 ? null : Math.Round(dayComments.Sum(c => c.ScoreSum) / dayComments.Sum(c => c.Analysed), 4), engagedByDay[day].Sum(e => e.Engagements)));
        }

        return points;
    }
}
