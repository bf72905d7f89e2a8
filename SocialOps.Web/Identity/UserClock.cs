using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Identity;

/// <summary>
/// The signed-in person's time zone for one circuit: pages format every time through it and re-render when the person
/// picks another zone in the account menu.
/// </summary>
public sealed class UserClock(AuthenticationStateProvider auth, UserPreferences preferences, TimeProvider time)
{
    private Task? _loading;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>False until the person has chosen a zone (pages then show UTC and the layout offers the browser's zone).</summary>
    public bool IsChosen { get; private set; }

    public event Action? Changed;

    public Task EnsureLoadedAsync() => _loading ??= LoadAsync();

    /// <summary>True when a person (not a token or nobody) is signed in: only they have preferences.</summary>
    public bool HasPerson { get; private set; }

    private async Task LoadAsync()
    {
        var id = await UserIdAsync();
        HasPerson = id is not null;
        var stored = await preferences.StoredTimeZoneAsync(id);
        IsChosen = stored is not null;
        Zone = Core.Common.Zones.Find(stored) ?? TimeZoneInfo.Utc;
    }

    /// <returns>Null when saved, otherwise why not.</returns>
    public async Task<string?> SetAsync(string zoneId)
    {
        if (await UserIdAsync() is null)
        {
            return "Sign in first.";
        }

        var problem = await preferences.SetTimeZoneAsync((await auth.GetAuthenticationStateAsync()).User.ToActor(), zoneId);
        if (problem is null)
        {
            Zone = Core.Common.Zones.Find(zoneId)!;
            IsChosen = true;
            Changed?.Invoke();
        }

        return problem;
    }

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>An instant in the person's zone, e.g. "Tue 3 Mar, 09:00".</summary>
    public string Format(DateTimeOffset? instant, string format = "ddd d MMM, HH:mm") =>
        instant is { } i ? ToLocal(i).ToString(format, CultureInfo.InvariantCulture) : "";

    /// <summary>The zone's short name as the pages label it, e.g. "Europe/Berlin".</summary>
    public string ZoneName => Zone.Id;

    /// <summary>
    /// The time in the post's own zone and, when it differs from the person's, in theirs too:
    /// "09:00 Berlin · 08:00 your time".
    /// </summary>
    public string Both(DateTimeOffset instant, string? postZone, string format = "ddd d MMM, HH:mm")
    {
        var own = Format(instant, format);
        if (Core.Common.Zones.Find(postZone) is not { } zone || zone.GetUtcOffset(instant) == Zone.GetUtcOffset(instant))
        {
            return own;
        }

        var there = TimeZoneInfo.ConvertTime(instant, zone).ToString(format, CultureInfo.InvariantCulture);
        return $"{there} {City(zone.Id)} · {own} your time";
    }

    private static string City(string zoneId) => zoneId.Split('/')[^1].Replace('_', ' ');

    private async Task<string?> UserIdAsync() =>
        (await auth.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier);
}
