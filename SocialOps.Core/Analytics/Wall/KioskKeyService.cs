using System.Security.Cryptography;
using System.Text;
using SocialOps.Core.Audit;

namespace SocialOps.Core.Analytics.Wall;

public sealed record CreatedKioskKey(int Id, string Name, string Key);

/// <summary>Creates, checks and revokes wall-screen keys; creating, revoking and opening the wall with one are audited.</summary>
public sealed class KioskKeyService(IDbContextFactory<SocialOpsDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const string KeyPrefix = "sow_";

    public async Task<CreatedKioskKey> CreateAsync(string name, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            throw new ArgumentException("A wall key needs a name of 1 to 100 characters.", nameof(name));
        }

        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var entity = new KioskKey { Name = name, KeyHash = Hash(key), Prefix = key[..10], CreatedById = actor.UserId, CreatedAt = time.GetUtcNow() };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.KioskKeys.Add(entity);
        audit.Add(db, actor, "kiosk.create", "KioskKey", null, new { name });
        await db.SaveChangesAsync(ct);
        return new CreatedKioskKey(entity.Id, name, key);
    }

    /// <summary>The key's record when it exists and is not revoked (the use is audited); otherwise null.</summary>
    public async Task<KioskKey?> OpenAsync(string? key, string? remoteIp, CancellationToken ct = default)
    {
        if (key is null || !key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > 200)
        {
            return null;
        }

        var hash = Hash(key);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entity = await db.KioskKeys.SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct);
        if (entity is null)
        {
            return null;
        }

        entity.LastUsedAt = time.GetUtcNow();
        audit.Add(db, new Actor($"wall key {entity.Name}", null, remoteIp), "kiosk.open", "KioskKey", Id(entity.Id));
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
        audit.Add(db, actor, "kiosk.revoke", "KioskKey", Id(id), new { entity.Name });
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<KioskKey>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.KioskKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
