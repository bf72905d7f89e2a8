using System.ComponentModel.DataAnnotations;
using SocialOps.Core.Content;
using SocialOps.Core.Links;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Analytics.Wall;

/// <summary>The wall screen (section <c>Analytics:Wall</c>).</summary>
public sealed class WallOptions
{
    public const string Section = "Analytics:Wall";

    /// <summary>IANA zone whose "today" and clock the wall shows.</summary>
    [Required] public string TimeZone { get; set; } = "Etc/UTC";

    /// <summary>Seconds each panel stays before the next one.</summary>
    [Range(5, 600)] public int RotateSeconds { get; set; } = 20;
}

public sealed record WallComment(string Author, string Text, Platform Platform, SentimentLabel? Sentiment, DateTimeOffset ReceivedAt);

/// <summary>A post that goes out next; <see cref="Text"/> is null unless Settings → Wall shows unpublished text.</summary>
public sealed record WallUpcoming(Platform Platform, string? Text, DateTimeOffset ScheduledFor);

/// <summary>
/// <see cref="ClicksToday"/>: the clicks our own tracked links counted on <see cref="ClicksDay"/>, today's UTC day (clicks
/// are counted per UTC day, whatever the wall's zone).
/// </summary>
public sealed record WallData(
    Dashboard Today, Dashboard Fortnight, IReadOnlyList<WallComment> Comments, IReadOnlyList<WallUpcoming> Upcoming,
    ReliabilityReport Reliability, DateTimeOffset At, long ClicksToday = 0, DateOnly ClicksDay = default);

/// <summary>What the wall shows: today's figures, the last 14 days, the latest comments, what goes out next and how reliably posts went out.</summary>
public sealed class WallQueries(IDbContextFactory<SocialOpsDbContext> contexts, AnalyticsService analytics, SchedulerReports reports, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Started, Task<WallData> Load)> _shared = [];
    private int _loads;

    /// <summary>How many times the figures were read from the database (every wall open in one zone shares a read).</summary>
    internal int Loads => Volatile.Read(ref _loads);

    /// <summary>
    /// The figures as of some moment at or after <paramref name="notBefore"/> (a <see cref="TimeProvider.GetTimestamp"/>
    /// value taken when the wall learnt that something changed). Every wall open in a zone learns of an event at the same
    /// moment, so one read started after it serves them all, however many are open.
    /// </summary>
    public Task<WallData> LoadSharedAsync(TimeZoneInfo zone, long notBefore, CancellationToken ct = default)
    {
        Task<WallData> load;
        lock (_gate)
        {
            if (!_shared.TryGetValue(zone.Id, out var current) || current.Started < notBefore || current.Load.IsFaulted || current.Load.IsCanceled)
            {
                // Not tied to the caller's circuit: other walls may be waiting on the same read.
                current = (time.GetTimestamp(), LoadAsync(zone, CancellationToken.None));
                _shared[zone.Id] = current;
            }

            load = current.Load;
        }

        return load.WaitAsync(ct);
    }

    public async Task<WallData> LoadAsync(TimeZoneInfo zone, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _loads);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var todayFigures = await analytics.DashboardAsync(new AnalyticsPeriod(today, today, zone), ct);
        var fortnight = await analytics.DashboardAsync(new AnalyticsPeriod(today.AddDays(-13), today, zone), ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var comments = await db.Interactions.AsNoTracking().OrderByDescending(i => i.ReceivedAt).Take(6)
            .Select(i => new WallComment(i.AuthorName, i.Text, i.Platform, i.Sentiment == null ? null : i.Sentiment.Label, i.ReceivedAt))
            .ToListAsync(ct);
        // A wall hangs where visitors pass: the text of what is not yet published stays off it unless an Admin chose otherwise.
        var showText = await db.WallSettings.AsNoTracking().Select(w => w.ShowUnpublishedText).SingleOrDefaultAsync(ct);
        var upcoming = await db.Posts.AsNoTracking().Where(p => p.Status == PostStatus.Scheduled && p.ScheduledFor >= now)
            .OrderBy(p => p.ScheduledFor).Take(5)
            .Select(p => new WallUpcoming(p.Platform, showText ? p.Content : null, p.ScheduledFor!.Value))
            .ToListAsync(ct);
        var utcDay = DateOnly.FromDateTime(now.UtcDateTime);
        var clicks = await db.Set<LinkClickDay>().AsNoTracking().Where(d => d.Day == utcDay).SumAsync(d => (long?)d.Clicks, ct) ?? 0;
        var reliability = await reports.ReliabilityAsync(now.AddDays(-7), now, ct);
        return new WallData(todayFigures, fortnight, comments, upcoming, reliability, now, clicks, utcDay);
    }
}
