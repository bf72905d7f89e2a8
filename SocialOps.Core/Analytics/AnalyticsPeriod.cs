using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>
/// A reporting period: whole local days <see cref="From"/> to <see cref="To"/> (both included) in <see cref="Zone"/>,
/// optionally narrowed to one platform or one account. <see cref="StartUtc"/> and <see cref="EndUtc"/> are the
/// instants of local midnight, so a day is 23 or 25 hours long on a daylight-saving change.
/// </summary>
public sealed record AnalyticsPeriod(DateOnly From, DateOnly To, TimeZoneInfo Zone, Platform? Platform = null, int? AccountId = null)
{
    /// <summary>The longest period a query may span.</summary>
    public const int MaxDays = 3 * 366;

    public DateTimeOffset StartUtc => LocalMidnight(From);

    public DateTimeOffset EndUtc => LocalMidnight(To.AddDays(1));

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The period of the same length that ends the day before this one starts.</summary>
    public AnalyticsPeriod Previous => this with { From = From.AddDays(-Days), To = From.AddDays(-1) };

    public DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    private DateTimeOffset LocalMidnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        // Where midnight itself is skipped by a clock change, the day starts at the first minute that exists.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Builds a period from request values; the error names what is wrong, in words for the caller.</summary>
    public static (AnalyticsPeriod? Period, string? Error) Create(DateOnly? from, DateOnly? to, string? timeZone, string? platform, int? accountId, DateOnly today)
    {
        TimeZoneInfo zone;
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            zone = TimeZoneInfo.Utc;
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone!))
        {
            return (null, $"timeZone '{timeZone}' is not a known IANA time zone (for example Europe/Berlin).");
        }

        Platform? parsed = null;
        if (!string.IsNullOrWhiteSpace(platform))
        {
            if (!Enum.TryParse<Platform>(platform, ignoreCase: true, out var p) || int.TryParse(platform, out _))
            {
                return (null, $"platform '{platform}' is unknown; use one of {string.Join(", ", Enum.GetNames<Platform>())}.");
            }

            parsed = p;
        }

        var end = to ?? today;
        var start = from ?? end.AddDays(-29);
        if (end < start)
        {
            return (null, $"to ({end:yyyy-MM-dd}) is before from ({start:yyyy-MM-dd}).");
        }

        if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            return (null, $"The period spans {end.DayNumber - start.DayNumber + 1} days; the most is 3 years ({MaxDays} days).");
        }

        return (new AnalyticsPeriod(start, end, zone, parsed, accountId), null);
    }
}
