using SocialOps.Core.Content;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>A platform's last days; <see cref="EngagementRate"/> is null where it reported no impressions or reach.</summary>
public sealed record PlatformTotals(Platform Platform, int Posts, long Impressions, long Engagements, double? EngagementRate, long Followers, long NewFollowers);

/// <summary>A post due soon; one awaiting approval is listed too, so nobody misses that it will not go out without a yes.</summary>
public sealed record UpcomingPost(int Id, Platform Platform, string Content, DateTimeOffset ScheduledFor, bool AwaitingApproval = false);

public sealed record DashboardSummary(
    long Followers,
    long NewFollowers,
    int PostsPublished,
    double? EngagementRate,
    double AverageSentiment,
    int PostsScheduled,
    int NeedsReply,
    int FailedPosts,
    IReadOnlyList<PlatformTotals> Platforms,
    IReadOnlyList<UpcomingPost> Upcoming);

/// <summary>The home dashboard: the last days' figures (as defined for analytics, in UTC), the schedule and the inbox.</summary>
public sealed class DashboardQueries(IDbContextFactory<SocialOpsDbContext> contexts, AnalyticsService analytics, InboxQueries inbox, TimeProvider time)
{
    public async Task<DashboardSummary> GetSummaryAsync(int days = 30, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var figures = await analytics.DashboardAsync(new AnalyticsPeriod(today.AddDays(1 - days), today, TimeZoneInfo.Utc), ct);
        var platforms = figures.Platforms
            .Select(p => new PlatformTotals(p.Platform, p.Posts, p.Impressions, p.Engagements, p.EngagementRate, p.Followers, p.FollowerGrowth))
            .OrderByDescending(p => p.Followers)
            .ToList();

        await using var db = await contexts.CreateDbContextAsync(ct);
        var upcoming = await db.Posts.AsNoTracking()
            .Where(p => (p.Status == PostStatus.Scheduled || p.Status == PostStatus.PendingApproval) && p.ScheduledFor >= now)
            .OrderBy(p => p.ScheduledFor)
            .Take(8)
            .Select(p => new UpcomingPost(p.Id, p.Platform, p.Content, p.ScheduledFor!.Value, p.Status == PostStatus.PendingApproval))
            .ToListAsync(ct);

        return new DashboardSummary(
            Followers: figures.Followers,
            NewFollowers: figures.FollowerGrowth,
            PostsPublished: figures.Posts,
            EngagementRate: figures.EngagementRate,
            AverageSentiment: figures.Sentiment.MeanScore,
            PostsScheduled: await db.Posts.CountAsync(p => p.Status == PostStatus.Scheduled, ct),
            NeedsReply: await inbox.NeedsReplyAsync(ct),
            FailedPosts: await db.Posts.CountAsync(p => p.Status == PostStatus.Failed || p.Status == PostStatus.Missed || p.Status == PostStatus.Unconfirmed, ct),
            Platforms: platforms,
            Upcoming: upcoming);
    }
}
