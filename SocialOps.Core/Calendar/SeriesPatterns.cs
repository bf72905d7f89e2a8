using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Calendar;

/// <summary>Rewrites simple cron patterns when a series is moved on the calendar.</summary>
public static class SeriesPatterns
{
    /// <summary>
    /// The pattern moved from one local occurrence to another: minute and hour become the new time; a change of day
    /// shifts listed weekdays (or a day of the month). A daily pattern keeps its days.
    /// </summary>
    public static (string? Pattern, string? Problem) Shift(string pattern, DateTime from, DateTime to)
    {
        var f = pattern.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 5 || !int.TryParse(f[0], out _) || !int.TryParse(f[1], out _))
        {
            return (null, $"The series runs on '{pattern}', more than once a day; change its pattern in the composer instead.");
        }

        f[0] = to.Minute.ToString(CultureInfo.InvariantCulture);
        f[1] = to.Hour.ToString(CultureInfo.InvariantCulture);
        var days = to.Date.Subtract(from.Date).Days;
        if (days != 0)
        {
            if (f[4] != "*")
            {
                var weekdays = f[4].Split(',');
                if (!weekdays.All(d => int.TryParse(d, out _)))
                {
                    return (null, $"The series' days '{f[4]}' cannot be shifted; change its pattern in the composer instead.");
                }

                f[4] = string.Join(',', weekdays.Select(d => ((int.Parse(d, CultureInfo.InvariantCulture) + days) % 7 + 7) % 7).Distinct().Order());
            }
            else if (f[2] != "*")
            {
                if (!int.TryParse(f[2], out var dom) || dom + days is < 1 or > 28)
                {
                    return (null, $"The series' day of month '{f[2]}' cannot be shifted by {days} days; change its pattern in the composer instead.");
                }

                f[2] = (dom + days).ToString(CultureInfo.InvariantCulture);
            }
        }

        var result = string.Join(' ', f);
        return CronPattern.Parse(result).Expression is null ? (null, $"'{result}' is not a valid pattern.") : (result, null);
    }
}
