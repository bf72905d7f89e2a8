using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Calendar;

/// <summary>
/// One thing on the calendar: a post (<see cref="PostId"/> set), or an occurrence a series will create later, projected
/// from its cron (<see cref="PostId"/> null). A thread is one item; <see cref="Parts"/> counts its parts, its own content included.
/// </summary>
public sealed record CalendarItem(
    int? PostId, int? ScheduleId, Platform Platform, int? AccountId, string Content, PostStatus Status, DateTimeOffset At,
    string? TimeZone, bool IsRecurring, bool IsDemo, int Parts = 1)
{
    public bool IsProjected => PostId is null;

    /// <summary>A stable key for rendering and drag and drop.</summary>
    public string Key => PostId is { } id ? $"p{id}" : $"s{ScheduleId}-{At.UtcTicks}";
}

public sealed record CalendarFilter(IReadOnlyCollection<Platform>? Platforms = null, IReadOnlyCollection<int>? AccountIds = null,
    IReadOnlyCollection<PostStatus>? Statuses = null)
{
    public bool Admits(CalendarItem item) =>
        (Platforms is not { Count: > 0 } || Platforms.Contains(item.Platform))
        && (AccountIds is not { Count: > 0 } || (item.AccountId is { } a && AccountIds.Contains(a)))
        && (Statuses is not { Count: > 0 } || Statuses.Contains(item.Status));
}

/// <summary>
/// An account to post to; a Sandbox account stands in for <see cref="Platform"/> without reaching it. The handle and
/// avatar are what the composer's previews show.
/// </summary>
public sealed record AccountOption(int Id, Platform Platform, string Name, bool IsSandbox = false, string? Handle = null, string? AvatarUrl = null);

public sealed class CalendarQueries(IDbContextFactory<SocialOpsDbContext> contexts)
{
    /// <summary>At most this many projected occurrences per series in one view (a minutely pattern would flood it).</summary>
    public const int MaxProjectedPerSeries = 200;

    /// <summary>Posts due in [from, to) and the later occurrences of every active series in that range.</summary>
    public async Task<IReadOnlyList<CalendarItem>> LoadAsync(DateTimeOffset from, DateTimeOffset to, CalendarFilter? filter = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var posts = await db.Posts.AsNoTracking()
            .Where(p => p.ScheduledFor >= from && p.ScheduledFor < to && p.Status != PostStatus.Cancelled)
            .Select(p => new CalendarItem(p.Id, p.ScheduleId, p.Platform, p.AccountId, p.Content, p.Status, p.ScheduledFor!.Value,
                p.Schedule == null ? null : p.Schedule.TimeZone, p.Schedule != null && p.Schedule.Kind == ScheduleKind.Recurring, p.IsDemo, p.Parts.Count + 1))
            .ToListAsync(ct);

        var series = await db.Schedules.AsNoTracking()
            .Where(s => s.IsActive && s.Kind == ScheduleKind.Recurring && s.NextOccurrenceAt != null)
            .ToListAsync(ct);
        var ids = series.Select(s => s.Id).ToList();
        var newest = await db.Posts.Where(p => p.ScheduleId != null && ids.Contains(p.ScheduleId.Value))
            .GroupBy(p => p.ScheduleId!.Value)
            .Select(g => new { Id = g.Key, Last = g.Max(p => p.ScheduledFor) })
            .ToDictionaryAsync(x => x.Id, x => x.Last, ct);
        var items = new List<CalendarItem>(posts);
        foreach (var schedule in series)
        {
            // Projection starts after the newest occurrence that exists, so a post and its projection never overlap.
            var last = newest.GetValueOrDefault(schedule.Id) ?? schedule.NextOccurrenceAt!.Value;
            var after = last > from ? last : from.AddTicks(-1);
            foreach (var at in SeriesPlanner.Upcoming(schedule, after, to, MaxProjectedPerSeries))
            {
                items.Add(new CalendarItem(null, schedule.Id, schedule.SeriesPlatform ?? Platform.Sandbox, schedule.SeriesAccountId,
                    schedule.SeriesContent ?? "", PostStatus.Scheduled, at, schedule.TimeZone, IsRecurring: true, IsDemo: false));
            }
        }

        return [.. items.Where(i => filter?.Admits(i) ?? true).OrderBy(i => i.At).ThenBy(i => i.PostId)];
    }

    public async Task<IReadOnlyList<AccountOption>> AccountsAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.PlatformAccounts.AsNoTracking().Where(a => a.IsActive)
            .OrderBy(a => a.Platform).ThenBy(a => a.DisplayName)
            .Select(a => new AccountOption(a.Id, a.Platform, a.DisplayName, a.IsSandbox, a.Handle, a.AvatarUrl))
            .ToListAsync(ct);
    }
}
