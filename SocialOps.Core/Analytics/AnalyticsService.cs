using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Analytics;

/// <summary>
/// Every analytics figure, defined once (README, "Analytics"). Post counters come from the per-post roll-up of posts
/// published in the period; followers from the daily follower snapshots; sentiment from analysed comments received in it.
/// </summary>
public sealed partial class AnalyticsService(IDbContextFactory<SocialOpsDbContext> contexts)
{
    public async Task<Dashboard> DashboardAsync(AnalyticsPeriod period, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await PostRows(db, period).ToListAsync(ct);
        var accounts = await AccountFollowersAsync(db, period, ct);
        var comments = await CommentRowsAsync(db, period, ct);
        var current = Totals(period, rows, accounts, comments);
        var previous = Totals(period.Previous, await PostRows(db, period.Previous).ToListAsync(ct),
            await AccountFollowersAsync(db, period.Previous, ct), await CommentRowsAsync(db, period.Previous, ct));

        var platforms = rows.GroupBy(r => r.Platform).Select(g => g.Key)
            .Union(accounts.Select(a => a.Platform)).Order()
            .Select(platform =>
            {
                var posts = rows.Where(r => r.Platform == platform).ToList();
                var mine = accounts.Where(a => a.Platform == platform).ToList();
                var audience = posts.Sum(r => r.Audience);
                var engagements = posts.Sum(r => r.Engagements);
                return new PlatformRow(platform, posts.Count, posts.Sum(r => r.Likes), posts.Sum(r => r.Comments), posts.Sum(r => r.Shares),
                    posts.Sum(r => r.Impressions), engagements, audience == 0 ? 0 : (double)engagements / audience,
                    mine.Sum(a => a.End), mine.Sum(a => a.Growth));
            })
            .ToList();

        return new Dashboard(period.From, period.To, period.Zone.Id,
            current.Posts, current.PostsPerDay, current.Likes, current.Comments, current.Shares, current.Saves, current.Clicks,
            current.Impressions, current.Reach, current.Engagements, current.EngagementRate, current.Followers, current.FollowerGrowth,
            current.FollowerGrowthRate, current.Sentiment, Changes(current, previous), platforms,
            await DailyAsync(db, period, rows, comments, ct));
    }

    public async Task<DashboardTotals> TotalsAsync(AnalyticsPeriod period, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return Totals(period, await PostRows(db, period).ToListAsync(ct), await AccountFollowersAsync(db, period, ct), await CommentRowsAsync(db, period, ct));
    }

    public async Task<FollowerGrowth> GrowthAsync(AnalyticsPeriod period, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var accounts = await AccountFollowersAsync(db, period, ct);
        var start = accounts.Sum(a => a.Start);
        var growth = accounts.Sum(a => a.Growth);
        return new FollowerGrowth(start, accounts.Sum(a => a.End), growth, start == 0 ? null : (double)growth / start,
            await DailyAsync(db, period, [], [], ct));
    }

    public async Task<(SentimentMix Mix, IReadOnlyList<DailyPoint> Daily)> SentimentAsync(AnalyticsPeriod period, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var comments = await CommentRowsAsync(db, period, ct);
        return (Mix(comments), await DailyAsync(db, period, [], comments, ct));
    }

    /// <summary>Posts published in the period (an instant in [start, end) of its local days) with their roll-up counters.</summary>
    internal static IQueryable<PostMetrics> PostRows(SocialOpsDbContext db, AnalyticsPeriod p) =>
        from post in PublishedPosts(db, p)
        join t in db.PostMetricTotals on post.Id equals t.PostId into totals
        from t in totals.DefaultIfEmpty()
        orderby post.PublishedAt, post.Id
        select new PostMetrics(post.Id, post.Platform, post.AccountId, post.PublishedAt!.Value,
            t == null ? 0 : t.Likes, t == null ? 0 : t.Comments, t == null ? 0 : t.Shares, t == null ? 0 : t.Saves,
            t == null ? 0 : t.Clicks, t == null ? 0 : t.Impressions, t == null ? 0 : t.Reach);

    private static IQueryable<Post> PublishedPosts(SocialOpsDbContext db, AnalyticsPeriod p)
    {
        DateTimeOffset start = p.StartUtc, end = p.EndUtc;
        var posts = db.Posts.AsNoTracking().Where(x => x.Status == PostStatus.Published && x.PublishedAt >= start && x.PublishedAt < end);
        if (p.Platform is { } platform)
        {
            posts = posts.Where(x => x.Platform == platform);
        }

        if (p.AccountId is { } account)
        {
            posts = posts.Where(x => x.AccountId == account);
        }

        return posts;
    }

    private static DashboardTotals Totals(AnalyticsPeriod p, List<PostMetrics> rows, List<AccountFollowers> accounts, List<CommentRow> comments)
    {
        var audience = rows.Sum(r => r.Audience);
        var engagements = rows.Sum(r => r.Engagements);
        var start = accounts.Sum(a => a.Start);
        var growth = accounts.Sum(a => a.Growth);
        return new DashboardTotals(rows.Count, Math.Round((double)rows.Count / p.Days, 4),
            rows.Sum(r => r.Likes), rows.Sum(r => r.Comments), rows.Sum(r => r.Shares), rows.Sum(r => r.Saves), rows.Sum(r => r.Clicks),
            rows.Sum(r => r.Impressions), rows.Sum(r => r.Reach), engagements, audience == 0 ? 0 : Math.Round((double)engagements / audience, 6),
            accounts.Sum(a => a.End), growth, start == 0 ? null : Math.Round((double)growth / start, 6),
            accounts.Sum(a => Math.Max(0, a.Growth)), Mix(comments));
    }

    private static Dictionary<string, double?> Changes(DashboardTotals now, DashboardTotals before)
    {
        static double? Change(double current, double previous) => previous == 0 ? null : Math.Round((current - previous) / Math.Abs(previous), 4);
        return new()
        {
            ["posts"] = Change(now.Posts, before.Posts),
            ["likes"] = Change(now.Likes, before.Likes),
            ["comments"] = Change(now.Comments, before.Comments),
            ["shares"] = Change(now.Shares, before.Shares),
            ["saves"] = Change(now.Saves, before.Saves),
            ["clicks"] = Change(now.Clicks, before.Clicks),
            ["impressions"] = Change(now.Impressions, before.Impressions),
            ["reach"] = Change(now.Reach, before.Reach),
            ["engagements"] = Change(now.Engagements, before.Engagements),
            ["engagementRate"] = Change(now.EngagementRate, before.EngagementRate),
            ["followers"] = Change(now.Followers, before.Followers),
            ["followerGrowth"] = Change(now.FollowerGrowth, before.FollowerGrowth),
            ["sentimentMeanScore"] = Change(now.Sentiment.MeanScore, before.Sentiment.MeanScore),
        };
    }

    private sealed record CommentRow(DateTimeOffset ReceivedAt, SentimentLabel Label, double Score);

    private static Task<List<CommentRow>> CommentRowsAsync(SocialOpsDbContext db, AnalyticsPeriod p, CancellationToken ct)
    {
        DateTimeOffset start = p.StartUtc, end = p.EndUtc;
        var query = db.SentimentResults.AsNoTracking().Where(s => s.Interaction!.ReceivedAt >= start && s.Interaction.ReceivedAt < end);
        if (p.Platform is { } platform)
        {
            query = query.Where(s => s.Interaction!.Platform == platform);
        }

        if (p.AccountId is { } account)
        {
            query = query.Where(s => s.Interaction!.AccountId == account);
        }

        return query.Select(s => new CommentRow(s.Interaction!.ReceivedAt, s.Label, s.Score)).ToListAsync(ct);
    }

    private static SentimentMix Mix(List<CommentRow> rows) => new(rows.Count,
        rows.Count(r => r.Label == SentimentLabel.Positive), rows.Count(r => r.Label == SentimentLabel.Neutral), rows.Count(r => r.Label == SentimentLabel.Negative),
        rows.Count == 0 ? 0 : Math.Round(rows.Average(r => r.Score), 4),
        rows.Count == 0 ? 0 : Math.Round((double)rows.Count(r => r.Label == SentimentLabel.Negative) / rows.Count, 4));
}
