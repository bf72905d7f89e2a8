using System.Globalization;
using SocialOps.Core.Common;
using SocialOps.Core.Scheduling;

namespace SocialOps.Web.Components.Pages.Compose;

public enum Repeat
{
    Never,
    Daily,
    Weekdays,
    Weekly,
    Monthly,
    Cron,
}

/// <summary>
/// How a new post repeats: a preset or a cron pattern, and when the series ends. Presets take their time of day and
/// weekday from the first post's local time, read from the composer along with its zone.
/// </summary>
public sealed class RecurrenceModel(TimeProvider time, Func<DateTime?> local, Func<string?> zone)
{
    private readonly HashSet<int> _days = [];

    public Repeat Repeat { get; set; }

    /// <summary>
    /// The weekly preset's days (0 is Sunday): those chosen, or else the first post's weekday, so what is lit is what
    /// the series will do.
    /// </summary>
    public IReadOnlySet<int> Days => _days.Count > 0 ? _days : new HashSet<int> { (int)(local() ?? time.GetUtcNow().DateTime).DayOfWeek };

    public string? Cron { get; set; }

    /// <summary>"never", "date" or "count".</summary>
    public string Ends { get; set; } = "never";

    public DateTime? EndDay { get; set; }

    public int Count { get; set; } = 10;

    public bool Repeats => Repeat != Repeat.Never;

    /// <summary>Adds or removes a weekday; the last one stays (a weekly series needs a day).</summary>
    public void ToggleDay(int day)
    {
        if (_days.Count == 0)
        {
            _days.UnionWith(Days);
        }

        if (!_days.Remove(day))
        {
            _days.Add(day);
        }
        else if (_days.Count == 0)
        {
            _days.Add(day);
        }
    }

    /// <summary>The 5-field pattern the choices make, or null for a single post.</summary>
    public string? Pattern
    {
        get
        {
            var t = local() ?? DateTime.MinValue.AddHours(9);
            var at = $"{t.Minute} {t.Hour}";
            return Repeat switch
            {
                Repeat.Daily => $"{at} * * *",
                Repeat.Weekdays => $"{at} * * 1-5",
                Repeat.Weekly => $"{at} * * {string.Join(',', Days.Order())}",
                Repeat.Monthly => $"{at} {t.Day} * *",
                Repeat.Cron => Cron?.Trim(),
                _ => null,
            };
        }
    }

    /// <summary>The end as the scheduler takes it: the last second of the end day, local time.</summary>
    public string? EndDate => Ends == "date" && EndDay is { } d ? d.Date.AddDays(1).AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : null;

    public int? MaxOccurrences => Ends == "count" ? Count : null;

    /// <summary>Why the series cannot be scheduled as chosen; null when it can (or does not repeat).</summary>
    public string? Problem => !Repeats ? null
        : CronPattern.Parse(Pattern).Error is { } error ? error
        : Zones.Find(zone()) is null ? "Choose a valid time zone."
        : Ends == "date" && EndDay is null ? "Choose the end date."
        : Ends == "count" && Count < 1 ? "At least one post."
        : Next(1).Count == 0 ? "The pattern has no occurrence before the end." : null;

    /// <summary>The next occurrences from the first post's time (or now), as the scheduler will create them.</summary>
    public IReadOnlyList<DateTimeOffset> Next(int count)
    {
        var (expression, _) = CronPattern.Parse(Pattern);
        if (expression is null || Zones.Find(zone()) is not { } z)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var start = local() is { } l ? Zones.ToInstant(l, z).AddTicks(-1) : now;
        var until = EndDate is { } end ? ScheduleValidator.ParseTime(end, z) : null;
        var max = MaxOccurrences is { } m ? Math.Min(m, count) : count;
        return CronPattern.Next(expression, z, start > now ? start : now, max, until);
    }
}
