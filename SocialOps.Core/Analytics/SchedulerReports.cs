using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

public sealed record ReliabilityRow(
    string Platform, int Due, int OnTime, int Late, int Retried, int Missed, int Failed, int Unconfirmed,
    double OnTimeShare, double LateShare, double RetriedShare, double MissedShare, double FailedShare, double UnconfirmedShare,
    double? MedianLatenessSeconds);

public sealed record ReliabilityReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ReliabilityRow> Platforms);

public sealed record OptimalTimes(string Platform, string Source, IReadOnlyList<int> UtcHours, int PostsConsidered);

/// <summary>How reliably posts went out, and when to post, both from the project's own history.</summary>
public sealed class SchedulerReports(IDbContextFactory<SocialOpsDbContext> contexts, TimeProvider time)
{
    /// <summary>Published within this of the scheduled instant counts as on time.</summary>
    public static readonly TimeSpan OnTime = TimeSpan.FromSeconds(60);

    /// <summary>Posts with metrics needed before the history beats the default table.</summary>
    public const int MinimumHistory = 30;

    private static readonly Dictionary<string, int[]> DefaultHours = new(StringComparer.OrdinalIgnoreCase)
    {
        ["facebook"] = [13, 15, 19],
        ["instagram"] = [11, 14, 17, 19],
        ["twitter"] = [8, 12, 17, 18],
        ["x"] = [8, 12, 17, 18],
        ["linkedin"] = [7, 12, 17],
        ["tiktok"] = [18, 19, 20],
        ["youtube"] = [14, 18, 20],
    };

    public async Task<ReliabilityReport> ReliabilityAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct = default)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var posts = await db.Posts.AsNoTracking()
            .Where(p => p.ScheduledFor >= start && p.ScheduledFor < end && p.Status != PostStatus.Cancelled && p.Status != PostStatus.Draft)
            .Select(p => new { p.Platform, p.Status, p.ScheduledFor, p.PublishedAt, Attempts = p.Attempts.Count })
            .ToListAsync(ct);
        var rows = posts.GroupBy(p => p.Platform).OrderBy(g => g.Key).Select(g =>
        {
            var published = g.Where(p => p.Status == PostStatus.Published && p.PublishedAt is not null).ToList();
            var lateness = published.Select(p => (p.PublishedAt!.Value - p.ScheduledFor!.Value).TotalSeconds).Order().ToList();
            int due = g.Count(), onTime = lateness.Count(s => s <= OnTime.TotalSeconds), late = lateness.Count - onTime;
            int retried = g.Count(p => p.Attempts > 1), missed = g.Count(p => p.Status == PostStatus.Missed);
            int failed = g.Count(p => p.Status == PostStatus.Failed), unconfirmed = g.Count(p => p.Status == PostStatus.Unconfirmed);
            double Share(int n) => due == 0 ? 0 : Math.Round((double)n / due, 4);
            return new ReliabilityRow(g.Key.ToString().ToLowerInvariant(), due, onTime, late, retried, missed, failed, unconfirmed,
                Share(onTime), Share(late), Share(retried), Share(missed), Share(failed), Share(unconfirmed),
                lateness.Count == 0 ? null : Math.Round(lateness[lateness.Count / 2], 3));
        }).ToList();
        return new ReliabilityReport(start, end, rows);
    }

    /// <summary>
    /// The best UTC hours for a platform: from engagement rate by hour of week in the account's time zone once
    /// there is enough history, otherwise the product's default table.
    /// </summary>
    public async Task<OptimalTimes> OptimalTimesAsync(string platform, int top = 3, CancellationToken ct = default)
    {
        var fallback = DefaultHours.GetValueOrDefault(platform) ?? [9, 13, 18];
        if (!Enum.TryParse<Platform>(platform, ignoreCase: true, out var parsed))
        {
            return new OptimalTimes(platform.ToLowerInvariant(), "default", fallback, 0);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var snapshots = await db.PostMetricSnapshots.AsNoTracking()
            .Where(m => m.Post!.Platform == parsed && m.Post.PublishedAt != null)
            .Select(m => new
            {
                m.PostId,
                m.TakenAt,
                m.Post!.PublishedAt,
                Zone = m.Post.Account == null ? "Etc/UTC" : m.Post.Account.TimeZone,
                Engagements = m.Likes + m.Comments + m.Shares + m.Saves + m.Clicks,
                m.Impressions,
            })
            .ToListAsync(ct);
        var latest = snapshots.GroupBy(m => m.PostId).Select(g => g.MaxBy(m => m.TakenAt)!).ToList();
        if (latest.Count < MinimumHistory)
        {
            return new OptimalTimes(parsed.ToString().ToLowerInvariant(), "default", fallback, latest.Count);
        }

        // Engagement rate by local hour of week, then the best hours mapped back to UTC for the account's zone.
        var zone = Zones.Find(latest[0].Zone) ?? TimeZoneInfo.Utc;
        var best = latest
            .Where(p => p.Impressions > 0)
            .GroupBy(p => TimeZoneInfo.ConvertTime(p.PublishedAt!.Value, zone).Hour)
            .Select(g => (Hour: g.Key, Rate: g.Sum(p => (double)p.Engagements) / g.Sum(p => (double)p.Impressions), Count: g.Count()))
            .Where(h => h.Count >= 2)
            .OrderByDescending(h => h.Rate)
            .Take(top)
            .Select(h => (h.Hour - (int)Math.Round(zone.GetUtcOffset(time.GetUtcNow()).TotalHours) + 24) % 24)
            .Order()
            .ToList();
        return new OptimalTimes(parsed.ToString().ToLowerInvariant(), "history", best, latest.Count);
    }
}
