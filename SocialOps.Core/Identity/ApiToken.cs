using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Identity;

/// <summary>A personal access token for automation. Only its SHA-256 hash is stored; the token is shown once.</summary>
public class ApiToken
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>One of <see cref="Roles"/>; the token can never do more than this role.</summary>
    public required string Role { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole token.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token, to recognise it in lists.</summary>
    public required string Prefix { get; set; }

    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Role).HasMaxLength(32);
        b.Property(t => t.TokenHash).HasMaxLength(64);
        b.Property(t => t.Prefix).HasMaxLength(16);
        b.Property(t => t.CreatedById).HasMaxLength(450);
        b.HasIndex(t => t.TokenHash).IsUnique();
    }
}
