using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>
/// One published post in an export; the sums of its counters over a period equal the dashboard's totals.
/// <see cref="EngagementRate"/> is null (an empty cell) where the platform reported no impressions or reach;
/// <see cref="EngagementsAt7Days"/> (<see cref="AtSevenDays"/>) where the post has not reached 7 days;
/// <see cref="TrackedClicks"/> (every day's clicks on the post's own tracked links, <see cref="RoiClicks"/>) where the post has no tracked link.
/// </summary>
public sealed record ExportRow(
    int PostId, [property: JsonConverter(typeof(PlatformNameConverter))] Platform Platform, int? AccountId, DateTimeOffset PublishedAtUtc, DateTime PublishedLocal,
    long Likes, long Comments, long Shares, long Saves, long Clicks, long Impressions, long Reach, double? EngagementRate, string? Url, string Text, long? EngagementsAt7Days = null, long? TrackedClicks = null);

public sealed partial class AnalyticsService
{
    /// <summary>Streams the period's posts oldest first, read from the database as they are written out.</summary>
    public async IAsyncEnumerable<ExportRow> ExportAsync(AnalyticsPeriod period, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var atSevenDays = await AtSevenDaysAsync(db, period, ct);
        var tracked = await TrackedClicksAsync(db, period, ct);
        var query =
            from post in PublishedPosts(db, period)
            join t in db.PostMetricTotals on post.Id equals t.PostId into totals
            from t in totals.DefaultIfEmpty()
            orderby post.PublishedAt, post.Id
            select new
            {
                post.Id, post.Platform, post.AccountId, PublishedAt = post.PublishedAt!.Value, post.ExternalUrl, post.Content,
                Metrics = t,
            };
        await foreach (var r in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            var m = new PostMetrics(r.Id, r.Platform, r.AccountId, r.PublishedAt,
                r.Metrics?.Likes ?? 0, r.Metrics?.Comments ?? 0, r.Metrics?.Shares ?? 0, r.Metrics?.Saves ?? 0,
                r.Metrics?.Clicks ?? 0, r.Metrics?.Impressions ?? 0, r.Metrics?.Reach ?? 0);
            yield return new ExportRow(r.Id, r.Platform, r.AccountId, r.PublishedAt, TimeZoneInfo.ConvertTime(r.PublishedAt, period.Zone).DateTime,
                m.Likes, m.Comments, m.Shares, m.Saves, m.Clicks, m.Impressions, m.Reach, m.EngagementRate, r.ExternalUrl, r.Content,
                atSevenDays.TryGetValue(r.Id, out var at7) ? at7 : (long?)null, tracked.TryGetValue(r.Id, out var clicks) ? clicks : null);
        }
    }
}
