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

/// <summary>IANA time zones and local times in them.</summary>
public static class Zones
{
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>
    /// The instant of a wall-clock time in a zone. A time in a spring-forward gap moves forward by the gap;
    /// a time repeated at fall-back means its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local, before).ToUniversalTime();
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
