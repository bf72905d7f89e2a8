using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Analytics;

public sealed record PlatformTotals(Platform Platform, int Posts, long Impressions, long Engagements, double EngagementRate, long Followers, long NewFollowers);

public sealed record UpcomingPost(int Id, Platform Platform, string Content, DateTimeOffset ScheduledFor);

public sealed record DashboardSummary(
    long Followers,
    long NewFollowers,
    int PostsPublished,
    double EngagementRate,
    double AverageSentiment,
    int PostsScheduled,
    int OpenInbox,
    int FailedPosts,
    IReadOnlyList<PlatformTotals> Platforms,
    IReadOnlyList<UpcomingPost> Upcoming);

/// <summary>Read models for the dashboard and the analytics overview, from the daily roll-ups.</summary>
public sealed class DashboardQueries(IDbContextFactory<SocialOpsDbContext> contexts, TimeProvider time)
{
    public async Task<DashboardSummary> GetSummaryAsync(int days = 30, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var from = today.AddDays(-days);
        await using var db = await contexts.CreateDbContextAsync(ct);

        var rows = await db.DailyPlatformSummaries.AsNoTracking()
            .Where(d => d.Day >= from && d.Day < today)
            .ToListAsync(ct);
        var platforms = rows.GroupBy(r => r.Platform)
            .Select(g =>
            {
                var impressions = g.Sum(r => r.Impressions);
                var engagements = g.Sum(r => r.Likes + r.Comments + r.Shares + r.Saves + r.Clicks);
                var latest = g.MaxBy(r => r.Day)!;
                return new PlatformTotals(g.Key, g.Sum(r => r.PostsPublished), impressions, engagements,
                    impressions == 0 ? 0 : (double)engagements / impressions, latest.Followers, g.Sum(r => r.NewFollowers));
            })
            .OrderByDescending(p => p.Followers)
            .ToList();

        var sentiments = await db.SentimentResults.AsNoTracking()
            .Where(s => s.AnalyzedAt >= now.AddDays(-days))
            .Select(s => s.Score)
            .ToListAsync(ct);
        var upcoming = await db.Posts.AsNoTracking()
            .Where(p => p.Status == PostStatus.Scheduled && p.ScheduledFor >= now)
            .OrderBy(p => p.ScheduledFor)
            .Take(8)
            .Select(p => new UpcomingPost(p.Id, p.Platform, p.Content, p.ScheduledFor!.Value))
            .ToListAsync(ct);

        var totalImpressions = platforms.Sum(p => p.Impressions);
        return new DashboardSummary(
            Followers: platforms.Sum(p => p.Followers),
            NewFollowers: platforms.Sum(p => p.NewFollowers),
            PostsPublished: platforms.Sum(p => p.Posts),
            EngagementRate: totalImpressions == 0 ? 0 : (double)platforms.Sum(p => p.Engagements) / totalImpressions,
            AverageSentiment: sentiments.Count == 0 ? 0 : sentiments.Average(),
            PostsScheduled: await db.Posts.CountAsync(p => p.Status == PostStatus.Scheduled, ct),
            OpenInbox: await db.SentimentResults.CountAsync(s => s.RequiresResponse && s.HandledState == HandledState.Open, ct),
            FailedPosts: await db.Posts.CountAsync(p => p.Status == PostStatus.Failed || p.Status == PostStatus.Missed || p.Status == PostStatus.Unconfirmed, ct),
            Platforms: platforms,
            Upcoming: upcoming);
    }

    /// <summary>Engagement per day across all platforms, oldest first (for charts).</summary>
    public async Task<IReadOnlyList<(DateOnly Day, long Impressions, long Engagements)>> GetDailyEngagementAsync(int days = 90, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = today.AddDays(-days);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.DailyPlatformSummaries.AsNoTracking()
            .Where(d => d.Day >= from && d.Day < today)
            .Select(d => new { d.Day, d.Impressions, Engagements = d.Likes + d.Comments + d.Shares + d.Saves + d.Clicks })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.Day).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(r => r.Impressions), g.Sum(r => r.Engagements)))];
    }
}
