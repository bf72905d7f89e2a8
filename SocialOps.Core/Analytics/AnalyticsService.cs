using System.Runtime.CompilerServices;
using SocialOps.Core.Content;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Analytics;

/// <summary>
/// Every analytics figure, defined once (README, "Analytics"). Post counters come from the per-post roll-up of posts
/// published in the period, their rate from <see cref="EngagementSums"/>; what was engaged in the period from snapshot
/// deltas; followers from the daily follower snapshots of accounts not removed; sentiment from analysed comments received in it.
/// </summary>
public sealed partial class AnalyticsService(IDbContextFactory<SocialOpsDbContext> contexts)
{
    public async Task<Dashboard> DashboardAsync(AnalyticsPeriod period, CancellationToken ct = default)
    {
        // The comparison period is summed on a connection and thread of its own (SQLite's calls block) while this one reads the current period.
        var comparison = Task.Run(() => PreviousTotalsAsync(period.Previous, ct), ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await PostRows(db, period).ToListAsync(ct);
        var accounts = await AccountFollowersAsync(db, period, ct);
        var comments = await CommentRowsAsync(db, period, ct);
        var engaged = await EngagedAsync(db, period, ct);
        var current = Totals(period, rows, accounts, comments, engaged, await AtSevenDaysAsync(db, period, ct));
        var daily = await DailyAsync(db, period, accounts, rows, comments, engaged, ct);
        var previous = await comparison;

        var platforms = rows.GroupBy(r => r.Platform).Select(g => g.Key)
            .Union(accounts.Select(a => a.Platform)).Union(engaged.Select(e => e.Platform)).Order()
            .Select(platform =>
            {
                var posts = rows.Where(r => r.Platform == platform).ToList();
                var mine = accounts.Where(a => a.Platform == platform).ToList();
                var sums = EngagementSums.Of(posts);
                return new PlatformRow(platform, posts.Count, posts.Sum(r => r.Likes), posts.Sum(r => r.Comments), posts.Sum(r => r.Shares),
                    posts.Sum(r => r.Impressions), sums.Engagements, sums.Rate, mine.Sum(a => a.End), mine.Sum(a => a.Growth),
                    sums.PostsWithoutAudience, sums.EngagementsPerPostWithoutAudience, engaged.Where(e => e.Platform == platform).Sum(e => e.Engagements));
            })
            .ToList();

        return new Dashboard(period.From, period.To, period.Zone.Id,
            current.Posts, current.PostsPerDay, current.Likes, current.Comments, current.Shares, current.Saves, current.Clicks,
            current.Impressions, current.Reach, current.Engagements, current.EngagementRate, current.Followers, current.FollowerGrowth,
            current.FollowerGrowthRate, current.Sentiment, Changes(current, previous), platforms,
            daily,
            current.PostsWithoutAudience, current.EngagementsPerPostWithoutAudience, current.Engaged, current.PostsAt7Days, current.EngagementsPerPostAt7Days);
    }

    private async Task<DashboardTotals> PreviousTotalsAsync(AnalyticsPeriod period, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await TotalsInDatabaseAsync(db, period, ct);
    }

    public async Task<DashboardTotals> TotalsAsync(AnalyticsPeriod period, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return Totals(period, await PostRows(db, period).ToListAsync(ct), await AccountFollowersAsync(db, period, ct), await CommentRowsAsync(db, period, ct),
            await EngagedAsync(db, period, ct), await AtSevenDaysAsync(db, period, ct));
    }

    public async Task<FollowerGrowth> GrowthAsync(AnalyticsPeriod period, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var accounts = await AccountFollowersAsync(db, period, ct);
        var start = accounts.Sum(a => a.Start);
        var growth = accounts.Sum(a => a.Growth);
        return new FollowerGrowth(start, accounts.Sum(a => a.End), growth, start == 0 ? null : (double)growth / start,
            await DailyAsync(db, period, accounts, [], [], [], ct));
    }

    public async Task<(SentimentMix Mix, IReadOnlyList<DailyPoint> Daily)> SentimentAsync(AnalyticsPeriod period, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var comments = await CommentRowsAsync(db, period, ct);
        return (Mix(comments), await DailyAsync(db, period, await AccountFollowersAsync(db, period, ct), [], comments, [], ct));
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
        return FilteredPosts(db, p).Where(x => x.PublishedAt >= start && x.PublishedAt < end);
    }

    /// <summary>Published posts of the period's platform and account, whenever published.</summary>
    private static IQueryable<Post> FilteredPosts(SocialOpsDbContext db, AnalyticsPeriod p)
    {
        var posts = db.Posts.AsNoTracking().Where(x => x.Status == PostStatus.Published);
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

    private static DashboardTotals Totals(
        AnalyticsPeriod p, List<PostMetrics> rows, List<AccountFollowers> accounts, List<CommentGroup> comments, List<EngagedDay> engaged, Dictionary<int, long> atSevenDays)
    {
        var sums = EngagementSums.Of(rows);
        var start = accounts.Sum(a => a.Start);
        var growth = accounts.Sum(a => a.Growth);
        return new DashboardTotals(rows.Count, Math.Round((double)rows.Count / p.Days, 4),
            rows.Sum(r => r.Likes), rows.Sum(r => r.Comments), rows.Sum(r => r.Shares), rows.Sum(r => r.Saves), rows.Sum(r => r.Clicks),
            rows.Sum(r => r.Impressions), rows.Sum(r => r.Reach), sums.Engagements, sums.Rate,
            accounts.Sum(a => a.End), growth, start == 0 ? null : Math.Round((double)growth / start, 6),
            accounts.Sum(a => Math.Max(0, a.Growth)), Mix(comments),
            sums.PostsWithoutAudience, sums.EngagementsPerPostWithoutAudience, engaged.Sum(e => e.Engagements),
            atSevenDays.Count, AtSevenDays.PerPost(atSevenDays.Values));
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
            ["engaged"] = Change(now.Engaged, before.Engaged),
            ["engagementsPerPostAt7Days"] = now.EngagementsPerPostAt7Days is { } perPost && before.EngagementsPerPostAt7Days is { } perPostBefore ? Change(perPost, perPostBefore) : null,
            ["engagementRate"] = now.EngagementRate is { } rate && before.EngagementRate is { } earlier ? Change(rate, earlier) : null,
            ["followers"] = Change(now.Followers, before.Followers),
            ["followerGrowth"] = Change(now.FollowerGrowth, before.FollowerGrowth),
            ["sentimentMeanScore"] = Change(now.Sentiment.MeanScore, before.Sentiment.MeanScore),
        };
    }

    /// <summary>The same totals as <see cref="Totals"/>, summed by the database (for the comparison period, whose rows are not shown).</summary>
    private static async Task<DashboardTotals> TotalsInDatabaseAsync(SocialOpsDbContext db, AnalyticsPeriod p, CancellationToken ct)
    {
        var sums = await (
                from post in PublishedPosts(db, p)
                join t in db.PostMetricTotals on post.Id equals t.PostId into totals
                from t in totals.DefaultIfEmpty()
                select new
                {
                    Likes = t == null ? 0 : t.Likes, Comments = t == null ? 0 : t.Comments, Shares = t == null ? 0 : t.Shares,
                    Saves = t == null ? 0 : t.Saves, Clicks = t == null ? 0 : t.Clicks, Impressions = t == null ? 0 : t.Impressions,
                    Reach = t == null ? 0 : t.Reach, Audience = t == null ? 0 : t.Reach > 0 ? t.Reach : t.Impressions,
                })
            .Select(x => new
            {
                x.Likes, x.Comments, x.Shares, x.Saves, x.Clicks, x.Impressions, x.Reach, x.Audience,
                WithAudience = x.Audience > 0 ? 1 : 0,
                EngagementsWithAudience = x.Audience > 0 ? x.Likes + x.Comments + x.Shares + x.Saves + x.Clicks : 0,
            })
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Posts = g.Count(), Likes = g.Sum(x => x.Likes), Comments = g.Sum(x => x.Comments), Shares = g.Sum(x => x.Shares),
                Saves = g.Sum(x => x.Saves), Clicks = g.Sum(x => x.Clicks), Impressions = g.Sum(x => x.Impressions), Reach = g.Sum(x => x.Reach),
                Audience = g.Sum(x => x.Audience), WithAudience = g.Sum(x => x.WithAudience), EngagementsWithAudience = g.Sum(x => x.EngagementsWithAudience),
            })
            .FirstOrDefaultAsync(ct);
        var labels = await Comments(db, p).Where(s => s.ModelVersion != AnalysisEngines.NotAnalysed)
            .GroupBy(s => s.Label).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(s => s.Score) }).ToListAsync(ct);
        var notAnalysed = await Comments(db, p).CountAsync(s => s.ModelVersion == AnalysisEngines.NotAnalysed, ct);
        var accounts = await AccountFollowersAsync(db, p, ct);

        int total = labels.Sum(l => l.Count), negative = labels.Where(l => l.Key == SentimentLabel.Negative).Sum(l => l.Count);
        var mix = new SentimentMix(total, labels.Where(l => l.Key == SentimentLabel.Positive).Sum(l => l.Count),
            labels.Where(l => l.Key == SentimentLabel.Neutral).Sum(l => l.Count), negative,
            total == 0 ? 0 : Math.Round(labels.Sum(l => l.Sum) / total, 4), total == 0 ? 0 : Math.Round((double)negative / total, 4), notAnalysed);
        long engagements = sums is null ? 0 : sums.Likes + sums.Comments + sums.Shares + sums.Saves + sums.Clicks;
        long start = accounts.Sum(a => a.Start), growth = accounts.Sum(a => a.Growth);
        var posts = sums?.Posts ?? 0;
        var engagement = new EngagementSums(posts, engagements, sums?.WithAudience ?? 0, sums?.EngagementsWithAudience ?? 0, sums?.Audience ?? 0);
        var atSevenDays = await AtSevenDaysAsync(db, p, ct);
        return new DashboardTotals(posts, Math.Round((double)posts / p.Days, 4), sums?.Likes ?? 0, sums?.Comments ?? 0, sums?.Shares ?? 0,
            sums?.Saves ?? 0, sums?.Clicks ?? 0, sums?.Impressions ?? 0, sums?.Reach ?? 0, engagements,
            engagement.Rate, accounts.Sum(a => a.End), growth,
            start == 0 ? null : Math.Round((double)growth / start, 6), accounts.Sum(a => Math.Max(0, a.Growth)), mix,
            engagement.PostsWithoutAudience, engagement.EngagementsPerPostWithoutAudience, (await EngagedAsync(db, p, ct)).Sum(e => e.Engagements),
            atSevenDays.Count, AtSevenDays.PerPost(atSevenDays.Values));
    }

    /// <summary>
    /// The period's comments received at one instant (an hour's start when counted by the hour): how many of each label
    /// among the analysed ones and their scores' sum, and how many were in a language nothing could read (their label
    /// and score mean nothing).
    /// </summary>
    private sealed record CommentGroup(DateTimeOffset At, long Positive, long Neutral, long Negative, long NotAnalysed, double ScoreSum)
    {
        public long Analysed => Positive + Neutral + Negative;
    }

    /// <summary>The period's comments counted by UTC hour in the database, or one by one for a zone whose days start off the hour.</summary>
    private static async Task<List<CommentGroup>> CommentRowsAsync(SocialOpsDbContext db, AnalyticsPeriod p, CancellationToken ct)
    {
        if (!DaysStartOnWholeHours(p))
        {
            return [.. (await Comments(db, p).Select(s => new { s.ReceivedAt, s.Label, s.Score, s.ModelVersion }).ToListAsync(ct))
                .Select(s => s.ModelVersion == AnalysisEngines.NotAnalysed
                    ? new CommentGroup(s.ReceivedAt, 0, 0, 0, 1, 0)
                    : new CommentGroup(s.ReceivedAt, s.Label == SentimentLabel.Positive ? 1 : 0, s.Label == SentimentLabel.Neutral ? 1 : 0,
                        s.Label == SentimentLabel.Negative ? 1 : 0, 0, s.Score))];
        }

        var postgres = db.Database.IsNpgsql();
        // Instants are UTC ticks on SQLite and timestamptz on PostgreSQL: each is cut to its hour the provider's way.
        var hour = postgres ? """floor(extract(epoch from s."ReceivedAt") / 3600)::bigint""" : """s."ReceivedAt" / 36000000000""";
        var filter = (p.Platform is null ? "" : """ AND i."Platform" = {5}""") + (p.AccountId is null ? "" : """ AND i."AccountId" = {6}""");
        var join = filter.Length == 0 ? "" : """ JOIN "Interactions" i ON i."Id" = s."InteractionId" """;
        object start = postgres ? p.StartUtc : p.StartUtc.UtcTicks, end = postgres ? p.EndUtc : p.EndUtc.UtcTicks;
        // The text is put together from the fixed fragments above; every value goes in as a parameter.
        var hours = await db.Database.SqlQuery<CommentHour>(FormattableStringFactory.Create(
                $$"""
                  SELECT {{hour}} AS "Hour",
                         SUM(CASE WHEN s."ModelVersion" <> {2} AND s."Label" = {3} THEN 1 ELSE 0 END) AS "Positive",
                         SUM(CASE WHEN s."ModelVersion" <> {2} AND s."Label" = {4} THEN 1 ELSE 0 END) AS "Negative",
                         SUM(CASE WHEN s."ModelVersion" <> {2} THEN 1 ELSE 0 END) AS "Analysed",
                         COUNT(*) AS "Count",
                         SUM(CASE WHEN s."ModelVersion" <> {2} THEN s."Score" ELSE 0 END) AS "ScoreSum"
                  FROM "SentimentResults" s{{join}}
                  WHERE s."ReceivedAt" >= {0} AND s."ReceivedAt" < {1}{{filter}}
                  GROUP BY 1
                  """,
                start, end, AnalysisEngines.NotAnalysed, nameof(SentimentLabel.Positive), nameof(SentimentLabel.Negative),
                p.Platform?.ToString() ?? "", p.AccountId ?? 0))
            .ToListAsync(ct);
        return [.. hours.Select(h => new CommentGroup(
            postgres ? DateTimeOffset.UnixEpoch.AddHours(h.Hour) : new DateTimeOffset(h.Hour * TimeSpan.TicksPerHour, TimeSpan.Zero),
            h.Positive, h.Analysed - h.Positive - h.Negative, h.Negative, h.Count - h.Analysed, h.ScoreSum))];
    }

    private sealed class CommentHour
    {
        public long Hour { get; init; }
        public long Positive { get; init; }
        public long Negative { get; init; }
        public long Analysed { get; init; }
        public long Count { get; init; }
        public double ScoreSum { get; init; }
    }

    private static IQueryable<SentimentResult> Comments(SocialOpsDbContext db, AnalyticsPeriod p)
    {
        DateTimeOffset start = p.StartUtc, end = p.EndUtc;
        return db.SentimentResults.AsNoTracking().Where(s => s.ReceivedAt >= start && s.ReceivedAt < end)
            .WhereIf(p.Platform is not null, s => s.Interaction!.Platform == p.Platform)
            .WhereIf(p.AccountId is not null, s => s.Interaction!.AccountId == p.AccountId);
    }

    private static SentimentMix Mix(List<CommentGroup> all)
    {
        long total = all.Sum(r => r.Analysed), negative = all.Sum(r => r.Negative);
        return new((int)total, (int)all.Sum(r => r.Positive), (int)all.Sum(r => r.Neutral), (int)negative,
            total == 0 ? 0 : Math.Round(all.Sum(r => r.ScoreSum) / total, 4),
            total == 0 ? 0 : Math.Round((double)negative / total, 4),
            (int)all.Sum(r => r.NotAnalysed));
    }
}
