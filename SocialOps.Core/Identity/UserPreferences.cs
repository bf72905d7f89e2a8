namespace SocialOps.Core.Identity;

/// <summary>Per-person display preferences. Today: the time zone every page shows times in.</summary>
public sealed class UserPreferences(IDbContextFactory<SocialOpsDbContext> contexts)
{
    public const string DefaultTimeZone = "Etc/UTC";

    /// <summary>The person's zone, or UTC when they have not chosen one (or their choice is no longer known).</summary>
    public async Task<TimeZoneInfo> TimeZoneAsync(string? userId, CancellationToken ct = default) =>
        Zones.Find(await StoredTimeZoneAsync(userId, ct)) ?? TimeZoneInfo.Utc;

    /// <summary>The zone id as stored, or null when the person has not chosen one yet.</summary>
    public async Task<string?> StoredTimeZoneAsync(string? userId, CancellationToken ct = default)
    {
        if (userId is null)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).SingleOrDefaultAsync(ct);
    }

    /// <summary>Sets the acting person's zone; an unknown zone changes nothing and returns the reason.</summary>
    public async Task<string?> SetTimeZoneAsync(Actor actor, string? timeZone, CancellationToken ct = default)
    {
        if (actor.Require(Access.Analyst).UserId is not { } userId)
        {
            return "Only a signed-in person has preferences.";
        }

        if (Zones.Find(timeZone) is not { } zone)
        {
            return $"Unknown time zone '{timeZone}'. Use an IANA id such as Europe/Berlin.";
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return "No such user.";
        }

        user.TimeZone = zone.Id;
        await db.SaveChangesAsync(ct);
        return null;
    }
}
