namespace SocialOps.Core.Analytics;

public sealed partial class AnalyticsService
{
    public async Task<TopPosts> TopPostsAsync(AnalyticsPeriod period, int limit = 10, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, 100);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await PostRows(db, period).ToListAsync(ct);
        var byRate = rows.Where(r => r.ReportsAudience).OrderByDescending(r => r.EngagementRate).ThenByDescending(r => r.Engagements).Take(limit).ToList();
        var byTotal = rows.OrderByDescending(r => r.Engagements).ThenByDescending(r => r.EngagementRate).Take(limit).ToList();
        var ids = byRate.Concat(byTotal).Select(r => r.PostId).Distinct().ToList();
        var texts = await db.Posts.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Content, p.ExternalUrl }).ToDictionaryAsync(p => p.Id, ct);
        TopPost Top(PostMetrics r) => new(r.PostId, r.Platform, r.PublishedAt, texts[r.PostId].Content, texts[r.PostId].ExternalUrl,
            r.Engagements, r.Impressions, r.EngagementRate);
        return new TopPosts([.. byRate.Select(Top)], [.. byTotal.Select(Top)]);
    }

    /// <summary>Engagement rate by weekday and hour (each post in its account's time zone), by content type and by hashtag.</summary>
    public async Task<BestTimes> BestTimesAsync(AnalyticsPeriod period, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await PostRows(db, period).ToListAsync(ct);
        var ids = rows.Select(r => r.PostId).ToList();
        var details = new Dictionary<int, (string Content, List<string> Hashtags, List<string> Media, string Zone)>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var d in await db.Posts.AsNoTracking().Where(p => chunk.Contains(p.Id))
                         .Select(p => new { p.Id, p.Content, p.Hashtags, p.MediaReferences, Zone = p.Account == null ? null : p.Account.TimeZone }).ToListAsync(ct))
            {
                details[d.Id] = (d.Content, d.Hashtags, d.MediaReferences, d.Zone ?? "Etc/UTC");
            }
        }

        var zones = new Dictionary<string, TimeZoneInfo>();
        TimeZoneInfo Zone(string id) => zones.TryGetValue(id, out var z) ? z
            : zones[id] = TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;

        var cells = rows.GroupBy(r =>
            {
                var local = TimeZoneInfo.ConvertTime(r.PublishedAt, Zone(details[r.PostId].Zone));
                return ((int)(local.DayOfWeek + 6) % 7, local.Hour);
            })
            .Select(g => (g.Key, Sums: EngagementSums.Of(g)))
            .Select(g => new HeatCell(g.Key.Item1, g.Key.Hour, g.Sums.Posts, g.Sums.Rate, g.Sums.PostsWithoutAudience, g.Sums.EngagementsPerPostWithoutAudience))
            .OrderBy(c => c.Weekday).ThenBy(c => c.Hour).ToList();
        var byType = rows.GroupBy(r => ContentType(details[r.PostId].Content, details[r.PostId].Media))
            .Select(g => Group(g.Key, g)).OrderByDescending(g => g.EngagementRate).ToList();
        var byTag = rows.SelectMany(r => details[r.PostId].Hashtags.Select(t => "#" + t.TrimStart('#').ToLowerInvariant()).Distinct().Select(t => (Tag: t, Row: r)))
            .GroupBy(x => x.Tag, x => x.Row)
            .Select(g => Group(g.Key, g))
            .OrderByDescending(g => g.EngagementRate).ThenByDescending(g => g.Posts).Take(20).ToList();
        return new BestTimes(cells, byType, byTag);
    }

    private static GroupPerformance Group(string name, IEnumerable<PostMetrics> rows)
    {
        var sums = EngagementSums.Of(rows);
        return new GroupPerformance(name, sums.Posts, sums.Engagements, sums.Rate, sums.PostsWithoutAudience, sums.EngagementsPerPostWithoutAudience);
    }

    private static readonly string[] VideoExtensions = [".mp4", ".mov", ".webm", ".m4v", ".avi"];

    /// <summary>video by the first medium's extension, image for any other medium; link when the text holds a URL; text otherwise.</summary>
    public static string ContentType(string content, IReadOnlyList<string> media)
    {
        if (media.Count > 0)
        {
            var ext = Path.GetExtension(media[0].Split('?')[0]).ToLowerInvariant();
            return VideoExtensions.Contains(ext) ? "video" : "image";
        }

        return content.Contains("http://", StringComparison.OrdinalIgnoreCase) || content.Contains("https://", StringComparison.OrdinalIgnoreCase) ? "link" : "text";
    }
}
