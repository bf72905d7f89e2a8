using SocialOps.Core.Publishing;

namespace SocialOps.Core.Links;

public sealed record DayClicks(DateOnly Day, long Clicks);

public sealed record PostClicks(int PostId, long Clicks);

/// <summary>One link's counted clicks on one UTC day (the export's row).</summary>
public sealed record LinkDayRow(DateOnly Day, string Code, int? PostId, Platform? Platform, string OriginalUrl, long Clicks);

/// <summary>Tracked clicks in a period: the total, per UTC day and per post (most clicked first).</summary>
public sealed record TrackedClicks(long Total, IReadOnlyList<DayClicks> Days, IReadOnlyList<PostClicks> Posts);

/// <summary>Clicks counted by our own links, for analytics, the export, the wall and ROI.</summary>
public sealed class LinkQueries(IDbContextFactory<SocialOpsDbContext> contexts)
{
    /// <summary>Every link's clicks per UTC day from <paramref name="first"/> to <paramref name="last"/>, by day then code.</summary>
    public async Task<IReadOnlyList<LinkDayRow>> DaysAsync(DateOnly first, DateOnly last, Platform? platform = null, int? accountId = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = from d in db.Set<LinkClickDay>()
                   join l in db.Set<TrackedLink>() on d.LinkId equals l.Id
                   join p in db.Posts on l.PostId equals (int?)p.Id into posts
                   from p in posts.DefaultIfEmpty()
                   where d.Day >= first && d.Day <= last
                   select new { d.Day, l.Code, l.PostId, Platform = p == null ? (Platform?)null : p.Platform, AccountId = p == null ? null : p.AccountId, l.OriginalUrl, d.Clicks };
        if (platform is { } only)
        {
            rows = rows.Where(r => r.Platform == only);
        }

        if (accountId is { } account)
        {
            rows = rows.Where(r => r.AccountId == account);
        }

        var list = await rows.ToListAsync(ct);
        return [.. list.OrderBy(r => r.Day).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => new LinkDayRow(r.Day, r.Code, r.PostId, r.Platform, r.OriginalUrl, r.Clicks))];
    }

    /// <summary>Clicks on the UTC days from <paramref name="first"/> to <paramref name="last"/> (both included), narrowed like the dashboard.</summary>
    public async Task<TrackedClicks> ClicksAsync(DateOnly first, DateOnly last, Platform? platform = null, int? accountId = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = from d in db.Set<LinkClickDay>()
                   join l in db.Set<TrackedLink>() on d.LinkId equals l.Id
                   join p in db.Posts on l.PostId equals (int?)p.Id into posts
                   from p in posts.DefaultIfEmpty()
                   where d.Day >= first && d.Day <= last
                   select new { d.Day, d.Clicks, l.PostId, Platform = p == null ? (Platform?)null : p.Platform, AccountId = p == null ? null : p.AccountId };
        if (platform is { } only)
        {
            rows = rows.Where(r => r.Platform == only);
        }

        if (accountId is { } account)
        {
            rows = rows.Where(r => r.AccountId == account);
        }

        var list = await rows.Select(r => new { r.Day, r.Clicks, r.PostId }).ToListAsync(ct);
        return new TrackedClicks(
            list.Sum(r => r.Clicks),
            [.. list.GroupBy(r => r.Day).OrderBy(g => g.Key).Select(g => new DayClicks(g.Key, g.Sum(r => r.Clicks)))],
            [.. list.Where(r => r.PostId is not null).GroupBy(r => r.PostId!.Value).Select(g => new PostClicks(g.Key, g.Sum(r => r.Clicks)))
                .OrderByDescending(p => p.Clicks).ThenBy(p => p.PostId)]);
    }
}
