using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Identity;

/// <summary>
/// One row, written in the same transaction as the first admin: its key is unique, so however many setup forms are
/// submitted at once, on however many instances, exactly one of them creates the first admin.
/// </summary>
public class SetupMarker
{
    public const string FirstAdmin = "first-admin";

    public required string Key { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
}

internal sealed class SetupMarkerConfiguration : IEntityTypeConfiguration<SetupMarker>
{
    public void Configure(EntityTypeBuilder<SetupMarker> b)
    {
        b.HasKey(m => m.Key);
        b.Property(m => m.Key).HasMaxLength(64);
        b.Property(m => m.UserId).HasMaxLength(450);
    }
}
