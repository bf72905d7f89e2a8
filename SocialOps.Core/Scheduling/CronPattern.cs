using Cronos;

namespace SocialOps.Core.Scheduling;

/// <summary>5-field Unix cron patterns read in an IANA time zone (Cronos: DST-correct, as Vixie cron).</summary>
public static class CronPattern
{
    /// <summary>The parsed pattern, or an error message saying what is wrong with it.</summary>
    public static (CronExpression? Expression, string? Error) Parse(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return (null, "The pattern is empty.");
        }

        if (pattern.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
        {
            return (null, "Use 5 fields: minute hour day-of-month month day-of-week, e.g. '0 14 * * *'.");
        }

        try
        {
            return (CronExpression.Parse(pattern.Trim(), CronFormat.Standard), null);
        }
        catch (CronFormatException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>The next <paramref name="count"/> occurrences strictly after <paramref name="after"/>, as UTC instants.</summary>
    public static IReadOnlyList<DateTimeOffset> Next(CronExpression expression, TimeZoneInfo zone, DateTimeOffset after, int count, DateTimeOffset? until = null)
    {
        var list = new List<DateTimeOffset>(count);
        var from = after;
        while (list.Count < count && expression.GetNextOccurrence(from, zone) is { } next && (until is null || next <= until))
        {
            list.Add(next.ToUniversalTime());
            from = next;
        }

        return list;
    }
}
