namespace SocialOps.Core.Calendar;

public enum CalendarView
{
    Month,
    Week,
    Agenda,
}

/// <summary>How a wall-clock slot exists on its day: once, not at all (spring forward) or twice (fall back).</summary>
public enum SlotKind
{
    Normal,
    Skipped,
    Repeated,
}

/// <summary>Where a moved post lands, and a note when the wall-clock time did not exist and was moved on.</summary>
public sealed record Landing(DateTimeOffset At, string? Note);

/// <summary>
/// The calendar's date maths in the viewer's zone: which local days a view shows, the instants that bound them, the
/// 15-minute slots of a day (23 or 25 hours on daylight-saving days) and where a dropped post lands.
/// Weeks start on Monday.
/// </summary>
public static class CalendarGrid
{
    public const int SlotMinutes = 15;
    public const int AgendaDays = 14;

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The days a view shows around <paramref name="date"/>: whole weeks for a month, Monday to Sunday for a week.</summary>
    public static IReadOnlyList<DateOnly> Days(CalendarView view, DateOnly date)
    {
        var (first, count) = view switch
        {
            CalendarView.Month => MonthSpan(date),
            CalendarView.Week => (WeekStart(date), 7),
            _ => (date, AgendaDays),
        };
        return [.. Enumerable.Range(0, count).Select(first.AddDays)];
    }

    private static (DateOnly First, int Count) MonthSpan(DateOnly date)
    {
        var firstOfMonth = new DateOnly(date.Year, date.Month, 1);
        var lastOfMonth = firstOfMonth.AddMonths(1).AddDays(-1);
        var first = WeekStart(firstOfMonth);
        var last = WeekStart(lastOfMonth).AddDays(6);
        return (first, last.DayNumber - first.DayNumber + 1);
    }

    /// <summary>The date the previous/next button goes to.</summary>
    public static DateOnly Shift(CalendarView view, DateOnly date, int steps) => view switch
    {
        CalendarView.Month => new DateOnly(date.Year, date.Month, 1).AddMonths(steps),
        CalendarView.Week => date.AddDays(7 * steps),
        _ => date.AddDays(AgendaDays * steps),
    };

    /// <summary>The title of the visible range, e.g. "March 2026" or "30 Mar – 5 Apr 2026".</summary>
    public static string Title(CalendarView view, DateOnly date)
    {
        if (view == CalendarView.Month)
        {
            return date.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        }

        var days = Days(view, date);
        return $"{days[0].ToString("d MMM", CultureInfo.InvariantCulture)} – {days[^1].ToString("d MMM yyyy", CultureInfo.InvariantCulture)}";
    }

    /// <summary>The instant a local day starts (midnight, or the first moment after a gap at midnight).</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) => Zones.ToInstant(day.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The instants bounding the local days [first, last].</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Range(IReadOnlyList<DateOnly> days, TimeZoneInfo zone) =>
        (StartOf(days[0], zone), StartOf(days[^1].AddDays(1), zone));

    public static TimeSpan Length(DateOnly day, TimeZoneInfo zone) => StartOf(day.AddDays(1), zone) - StartOf(day, zone);

    public static DateTime Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(Local(instant, zone));

    /// <summary>The local 15-minute slot an instant falls in.</summary>
    public static DateTime SlotOf(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = Local(instant, zone);
        return local.Date.AddMinutes(Math.Floor(local.TimeOfDay.TotalMinutes / SlotMinutes) * SlotMinutes);
    }

    /// <summary>Every 15-minute instant of a local day: 96 on most days, 92 or 100 on daylight-saving days.</summary>
    public static IReadOnlyList<DateTimeOffset> SlotInstants(DateOnly day, TimeZoneInfo zone)
    {
        var (from, to) = (StartOf(day, zone), StartOf(day.AddDays(1), zone));
        var slots = new List<DateTimeOffset>(100);
        for (var t = from; t < to; t = t.AddMinutes(SlotMinutes))
        {
            slots.Add(t);
        }

        return slots;
    }

    /// <summary>The wall-clock rows of the week view (00:00 to 23:45) of one day.</summary>
    public static IReadOnlyList<DateTime> SlotRows(DateOnly day) =>
        [.. Enumerable.Range(0, 24 * 60 / SlotMinutes).Select(i => day.ToDateTime(TimeOnly.MinValue).AddMinutes(i * SlotMinutes))];

    public static SlotKind KindOf(DateTime localSlot, TimeZoneInfo zone) =>
        zone.IsInvalidTime(localSlot) ? SlotKind.Skipped : zone.IsAmbiguousTime(localSlot) ? SlotKind.Repeated : SlotKind.Normal;

    /// <summary>A post moved to another local day keeps its local time of day.</summary>
    public static Landing MoveToDay(DateTimeOffset current, DateOnly day, TimeZoneInfo zone) =>
        LandAt(day.ToDateTime(TimeOnly.FromTimeSpan(Local(current, zone).TimeOfDay)), zone);

    /// <summary>The instant of a local wall-clock time; a time skipped by a clock change lands after the jump, and says so.</summary>
    public static Landing LandAt(DateTime local, TimeZoneInfo zone)
    {
        var at = Zones.ToInstant(local, zone);
        var note = zone.IsInvalidTime(local)
            ? string.Create(CultureInfo.InvariantCulture, $"{local:HH:mm} does not exist on {local:d MMM} (clocks go forward); it becomes {Local(at, zone):HH:mm}.")
            : null;
        return new Landing(at, note);
    }

    public static string SlotKey(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool TryParseSlot(string? key, out DateTime local) =>
        DateTime.TryParseExact(key, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out local);

    public static bool TryParseDay(string? key, out DateOnly day) =>
        DateOnly.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
