using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Analytics.Wall;

/// <summary>
/// A wall screen that may open the wall, and nothing else, without a sign-in. A screen is paired with a short one-time
/// code (<see cref="PairingCodeHash"/>, SHA-256 only, valid until <see cref="PairingExpiresAt"/>); the key itself is never shown
/// and only its hash is stored.
/// </summary>
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

    /// <summary>SHA-256 of the pending pairing code, cleared when it is used.</summary>
    public string? PairingCodeHash { get; set; }

    public DateTimeOffset? PairingExpiresAt { get; set; }
}

/// <summary>Settings → Wall: what the wall may show (one row; none means the defaults).</summary>
public class WallSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Whether the text of posts not yet published appears on the wall (otherwise "Scheduled post" with platform and time).</summary>
    public bool ShowUnpublishedText { get; set; }

    /// <summary>IANA zone of the wall's clock and times, as an Admin chose it; null means <see cref="WallOptions.TimeZone"/>.</summary>
    public string? TimeZone { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
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
        b.Property(k => k.PairingCodeHash).HasMaxLength(64);
        b.HasIndex(k => k.PairingCodeHash).IsUnique();
    }
}

internal sealed class WallSettingsConfiguration : IEntityTypeConfiguration<WallSettings>
{
    public void Configure(EntityTypeBuilder<WallSettings> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.TimeZone).HasMaxLength(64);
    }
}
