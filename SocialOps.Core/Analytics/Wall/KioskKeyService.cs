using System.Security.Cryptography;
using System.Text;
using SocialOps.Core.Audit;

namespace SocialOps.Core.Analytics.Wall;

/// <summary>A screen just created or given a new pairing code: the code is shown once, only its hash is kept.</summary>
public sealed record CreatedKioskKey(int Id, string Name, string Code, DateTimeOffset ExpiresAt);

/// <summary>
/// Wall screens: created, paired with a short one-time code, checked and revoked (all audited). The code is the only thing
/// that travels to the screen; it works once, for <see cref="PairingLifetime"/>, and is stored as a hash in the database, so
/// any instance can redeem it.
/// </summary>
public sealed class KioskKeyService(IDbContextFactory<SocialOpsDbContext> contexts, AuditLog audit, IOptions<WallOptions> options, TimeProvider time)
{
    public const string KeyPrefix = "sow_";
    public const int CodeLength = 8;
    public static readonly TimeSpan PairingLifetime = TimeSpan.FromMinutes(10);

    // No 0/O, 1/I/L: read off one screen and typed on a TV remote.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public async Task<CreatedKioskKey> CreateAsync(string name, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            throw new ArgumentException("A wall screen needs a name of 1 to 100 characters.", nameof(name));
        }

        // The screen's own key is never shown: it only names the screen's row; the cookie refers to the row.
        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var (code, hash) = NewCode();
        var now = time.GetUtcNow();
        var entity = new KioskKey
        {
            Name = name, KeyHash = Hash(key), Prefix = key[..10], CreatedById = actor.UserId, CreatedAt = now,
            PairingCodeHash = hash, PairingExpiresAt = now + PairingLifetime,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.KioskKeys.Add(entity);
        audit.Add(db, actor, "kiosk.create", "KioskKey", null, new { name });
        await db.SaveChangesAsync(ct);
        return new CreatedKioskKey(entity.Id, name, code, entity.PairingExpiresAt.Value);
    }

    /// <summary>A new one-time code for an active screen (a TV that was reset, say); the previous code stops working.</summary>
    public async Task<CreatedKioskKey?> PairAsync(int id, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entity = await db.KioskKeys.SingleOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, ct);
        if (entity is null)
        {
            return null;
        }

        var (code, hash) = NewCode();
        entity.PairingCodeHash = hash;
        entity.PairingExpiresAt = time.GetUtcNow() + PairingLifetime;
        audit.Add(db, actor, "kiosk.pairing", "KioskKey", Id(id), new { entity.Name });
        await db.SaveChangesAsync(ct);
        return new CreatedKioskKey(entity.Id, entity.Name, code, entity.PairingExpiresAt.Value);
    }

    /// <summary>
    /// The screen a pairing code belongs to when the code is current and unused (it is used up now, and the use audited);
    /// otherwise null. Spaces, dashes and case do not matter.
    /// </summary>
    public async Task<KioskKey?> RedeemAsync(string? code, string? remoteIp, CancellationToken ct = default)
    {
        var normal = Normalise(code);
        if (normal is null)
        {
            return null;
        }

        var hash = Hash(normal);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);

        var entity = await db.KioskKeys.AsNoTracking()
            .SingleOrDefaultAsync(k => k.PairingCodeHash == hash && k.RevokedAt == null && k.PairingExpiresAt > now, ct);

        // Used up by a conditional update: of two screens (or instances) racing with the same code, one wins.
        if (entity is null || await db.KioskKeys.Where(k => k.Id == entity.Id && k.PairingCodeHash == hash)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.PairingCodeHash, (string?)null).SetProperty(k => k.PairingExpiresAt, (DateTimeOffset?)null)
                    .SetProperty(k => k.LastUsedAt, now), ct) == 0)
        {
            return null;
        }

        audit.Add(db, new Actor($"wall screen {entity.Name}", null, remoteIp), "kiosk.open", "KioskKey", Id(entity.Id));
        await db.SaveChangesAsync(ct);
        return entity;
    }

    public async Task<bool> IsActiveAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.KioskKeys.AnyAsync(k => k.Id == id && k.RevokedAt == null, ct);
    }

    public async Task<bool> RevokeAsync(int id, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entity = await db.KioskKeys.SingleOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, ct);
        if (entity is null)
        {
            return false;
        }

        entity.RevokedAt = time.GetUtcNow();
        entity.PairingCodeHash = null;
        entity.PairingExpiresAt = null;
        audit.Add(db, actor, "kiosk.revoke", "KioskKey", Id(id), new { entity.Name });
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<KioskKey>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.KioskKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Whether the wall shows the text of posts not yet published (off unless an Admin turned it on).</summary>
    public async Task<bool> ShowsUnpublishedTextAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.WallSettings.AsNoTracking().Select(s => s.ShowUnpublishedText).SingleOrDefaultAsync(ct);
    }

    public async Task SetShowUnpublishedTextAsync(bool show, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await SettingsRowAsync(db, ct);
        row.ShowUnpublishedText = show;
        row.UpdatedAt = time.GetUtcNow();
        audit.Add(db, actor, "wall.settings", "WallSettings", null, new { showUnpublishedText = show });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The zone of the wall's clock and times: an Admin's choice in Settings → Wall, else the configured one.</summary>
    public async Task<TimeZoneInfo> WallZoneAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var chosen = await db.WallSettings.AsNoTracking().Select(s => s.TimeZone).SingleOrDefaultAsync(ct);
        return Zones.Find(chosen) ?? Zones.Find(options.Value.TimeZone) ?? TimeZoneInfo.Utc;
    }

    /// <returns>Null when saved, otherwise why not (a zone that is not an IANA zone).</returns>
    public async Task<string?> SetWallZoneAsync(string? zoneId, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        if (Zones.Find(zoneId) is not { } zone)
        {
            return $"Unknown time zone '{zoneId}'. Choose one from the list, e.g. Europe/Berlin.";
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await SettingsRowAsync(db, ct);
        audit.Add(db, actor, "wall.settings", "WallSettings", null, new { timeZone = new { from = row.TimeZone, to = zone.Id } });
        row.TimeZone = zone.Id;
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return null;
    }

    private static async Task<WallSettings> SettingsRowAsync(SocialOpsDbContext db, CancellationToken ct)
    {
        if (await db.WallSettings.SingleOrDefaultAsync(ct) is { } row)
        {
            return row;
        }

        row = new WallSettings();
        db.WallSettings.Add(row);
        return row;
    }

    /// <summary>The code as shown: two groups of four.</summary>
    public static string Display(string code) => $"{code[..4]}-{code[4..]}";

    private static (string Code, string Hash) NewCode()
    {
        var code = RandomNumberGenerator.GetString(Alphabet, CodeLength);
        return (code, Hash(code));
    }

    private static string? Normalise(string? code)
    {
        if (code is null || code.Length > 40)
        {
            return null;
        }

        var normal = new string([.. code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);
        return normal.Length == CodeLength ? normal : null;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
