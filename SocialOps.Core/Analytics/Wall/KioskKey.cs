using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Analytics.Wall;

/// <summary>A key that opens the wall screen, and nothing else, without a sign-in. Only its SHA-256 hash is stored.</summary>
public class KioskKey
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string KeyHash { get; set; }

    /// <summary>The first characters of the key, to recognise it in lists.</summary>
    public required string Prefix { get; set; }

    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

internal sealed class KioskKeyConfiguration : IEntityTypeConfiguration<KioskKey>
{
    public void Configure(EntityTypeBuilder<KioskKey> b)
    {
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.KeyHash).HasMaxLength(64);
        b.Property(k => k.Prefix).HasMaxLength(16);
        b.Property(k => k.CreatedById).HasMaxLength(450);
        b.HasIndex(k => k.KeyHash).IsUnique();
    }
}
