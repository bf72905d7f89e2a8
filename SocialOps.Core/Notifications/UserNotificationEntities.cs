using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Identity;

namespace SocialOps.Core.Notifications;

/// <summary>
/// One event in one person's notification centre. The unique (user, event key) pair is what stores an event once per
/// person, however many instances heard it, as the outbox's (channel, event key) pair does for channels.
/// </summary>
public class UserNotification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Event { get; set; }
    public required string EventKey { get; set; }
    public required string Text { get; set; }
    public int? PostId { get; set; }
    public string? Url { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>
/// A person's own choice for one event: whether it reaches their centre and their email address. Without a row the
/// role's default applies (<see cref="NotificationAudience"/>).
/// </summary>
public class UserNotificationPreference
{
    public required string UserId { get; set; }
    public required string Event { get; set; }
    public bool InApp { get; set; }
    public bool Email { get; set; }
}

internal sealed class UserNotificationConfiguration : IEntityTypeConfiguration<UserNotification>, IEntityTypeConfiguration<UserNotificationPreference>
{
    public void Configure(EntityTypeBuilder<UserNotification> b)
    {
        b.ToTable("UserNotifications");
        b.Property(n => n.UserId).HasMaxLength(450);
        b.Property(n => n.Event).HasMaxLength(64);
        b.Property(n => n.EventKey).HasMaxLength(200);
        b.Property(n => n.Url).HasMaxLength(2000);
        b.HasIndex(n => new { n.UserId, n.EventKey }).IsUnique();
        b.HasIndex(n => new { n.UserId, n.ReadAt });
        b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<UserNotificationPreference> b)
    {
        b.ToTable("UserNotificationPreferences");
        b.HasKey(p => new { p.UserId, p.Event });
        b.Property(p => p.UserId).HasMaxLength(450);
        b.Property(p => p.Event).HasMaxLength(64);
        b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
