using System.Security.Cryptography;
using System.Text;
using SocialOps.Core.Audit;

namespace SocialOps.Core.Identity;

public sealed record CreatedToken(int Id, string Name, string Role, string Token, DateTimeOffset? ExpiresAt);

public sealed record TokenIdentity(int Id, string Name, string Role);

/// <summary>Creates, checks and revokes personal access tokens.</summary>
public sealed class ApiTokenService(IDbContextFactory<SocialOpsDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const string TokenPrefix = "sop_";

    /// <summary>How stale <see cref="ApiToken.LastUsedAt"/> may get before a use writes it again.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedToken> CreateAsync(string name, string role, int? expiresInDays, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            throw new ArgumentException("A token needs a name of 1 to 100 characters.", nameof(name));
        }

        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"Role must be one of {string.Join(", ", Roles.All)}.", nameof(role));
        }

        if (expiresInDays is <= 0 or > 3650)
        {
            throw new ArgumentException("Expiry must be between 1 and 3650 days.", nameof(expiresInDays));
        }

        var now = time.GetUtcNow();
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var entity = new ApiToken
        {
            Name = name,
            Role = role,
            TokenHash = Hash(token),
            Prefix = token[..10],
            CreatedById = actor.UserId,
            CreatedAt = now,
            ExpiresAt = expiresInDays is { } days ? now.AddDays(days) : null,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ApiTokens.Add(entity);
        audit.Add(db, actor, "token.create", "ApiToken", null, new { name, role, expiresAt = entity.ExpiresAt });
        await db.SaveChangesAsync(ct);
        return new CreatedToken(entity.Id, name, role, token, entity.ExpiresAt);
    }

    /// <summary>The token's identity when it exists, is not revoked and has not expired; otherwise null.</summary>
    public async Task<TokenIdentity?> ValidateAsync(string token, CancellationToken ct = default)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }

        var hash = Hash(token);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entity = await db.ApiTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (entity is null || !entity.IsActiveAt(now))
        {
            return null;
        }

        if (entity.LastUsedAt is null || now - entity.LastUsedAt > LastUsedResolution)
        {
            entity.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }

        return new TokenIdentity(entity.Id, entity.Name, entity.Role);
    }

    public async Task<bool> RevokeAsync(int id, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entity = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (entity is null || entity.RevokedAt is not null)
        {
            return false;
        }

        entity.RevokedAt = time.GetUtcNow();
        audit.Add(db, actor, "token.revoke", "ApiToken", id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { entity.Name });
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
    }

    internal static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
