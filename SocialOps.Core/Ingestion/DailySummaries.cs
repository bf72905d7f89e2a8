using SocialOps.Core.Analytics;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Ingestion;

/// <summary>
/// Keeps the dashboard's daily rows current from what ingestion brings in: per platform and UTC day, the posts published
/// that day with their newest counts, the followers of its accounts, and the mean sentiment of that day's comments.
/// </summary>
public sealed class DailySummaries(IDbContextFactory<SocialOpsDbContext> contexts, TimeProvider time)
{
    /// <summary>Recomputes the days from <paramref name="since"/> (at most 30 back) to today for one platform.</summary>
    public async Task RefreshAsync(Platform platform, DateTimeOffset since, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = DateOnly.FromDateTime(since.UtcDateTime);
        first = first < today.AddDays(-30) ? today.AddDays(-30) : first;
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var posts = await db.Posts.AsNoTracking()
            .Where(p => p.Platform == platform && p.Status == PostStatus.Published && p.PublishedAt >= from)
            .Select(p => new { p.Id, p.PublishedAt }).ToListAsync(ct);
        var ids = posts.Select(p => p.Id).ToList();
        var newest = (await db.PostMetricSnapshots.AsNoTracking().Where(m => ids.Contains(m.PostId)).ToListAsync(ct))
            .GroupBy(m => m.PostId).ToDictionary(g => g.Key, g => g.MaxBy(m => m.TakenAt)!);
        var followers = (await db.FollowerSnapshots.AsNoTracking()
                .Where(f => f.Account!.Platform == platform && f.Day >= first.AddDays(-1))
                .Select(f => new { f.Day, f.Followers }).ToListAsync(ct))
            .GroupBy(f => f.Day).ToDictionary(g => g.Key, g => g.Sum(f => f.Followers));
        var sentiment = (await db.SentimentResults.AsNoTracking()
                .Where(s => s.Interaction!.Platform == platform && s.ReceivedAt >= from && s.ModelVersion != AnalysisEngines.NotAnalysed)
                .Select(s => new { s.Score, s.ReceivedAt }).ToListAsync(ct))
            .GroupBy(s => DateOnly.FromDateTime(s.ReceivedAt.UtcDateTime)).ToDictionary(g => g.Key, g => Math.Round(g.Average(s => s.Score), 3));
        var rows = await db.DailyPlatformSummaries.Where(d => d.Platform == platform && d.Day >= first).ToDictionaryAsync(d => d.Day, ct);

        for (var day = first; day <= today; day = day.AddDays(1))
        {
            if (!rows.TryGetValue(day, out var row))
            {
                db.DailyPlatformSummaries.Add(row = new DailyPlatformSummary { Platform = platform, Day = day });
            }

            var counts = posts.Where(p => DateOnly.FromDateTime(p.PublishedAt!.Value.UtcDateTime) == day && newest.ContainsKey(p.Id)).Select(p => newest[p.Id]).ToList();
            row.PostsPublished = posts.Count(p => DateOnly.FromDateTime(p.PublishedAt!.Value.UtcDateTime) == day);
            (row.Likes, row.Comments, row.Shares, row.Saves) = (counts.Sum(m => m.Likes), counts.Sum(m => m.Comments), counts.Sum(m => m.Shares), counts.Sum(m => m.Saves));
            (row.Clicks, row.Impressions, row.Reach) = (counts.Sum(m => m.Clicks), counts.Sum(m => m.Impressions), counts.Sum(m => m.Reach));
            row.EngagementRate = row.Impressions == 0 ? 0 : (double)(row.Likes + row.Comments + row.Shares + row.Saves + row.Clicks) / row.Impressions;
            if (followers.TryGetValue(day, out var count))
            {
                row.Followers = count;
                row.NewFollowers = followers.TryGetValue(day.AddDays(-1), out var before) ? count - before : 0;
            }

            row.AverageSentiment = sentiment.GetValueOrDefault(day);
        }

        await db.SaveChangesAsync(ct);
    }
}
