using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Identity;

namespace SocialOps.Core.Notifications;

public enum ChannelKind
{
    Webhook,
    Email,
}

/// <summary>How a webhook channel's message is shaped: plain JSON or a chat service's incoming-webhook body.</summary>
public enum WebhookFormat
{
    Json,
    Slack,
    Discord,
    Teams,
}

/// <summary>Somewhere an Admin wants to hear about events: a chat webhook or an email address.</summary>
public class NotificationChannel
{
    public int Id { get; set; }
    public ChannelKind Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>The webhook's address (checked by the network guard when saved and on every connection).</summary>
    public string? Url { get; set; }
    public WebhookFormat Format { get; set; }

    /// <summary>The email channel's recipient.</summary>
    public string? To { get; set; }

    /// <summary>The events it receives, by name (<see cref="NotificationEvents"/>).</summary>
    public List<string> Events { get; set; } = [];
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The outbox: one row per channel and event, or per person and event for someone who asked for an event by email,
/// written before anything is sent. The unique (channel, event key) and (user, event key) pairs are what make each
/// event reach each channel and person once, however many instances heard it; a sender claims rows by setting
/// <see cref="ClaimToken"/> and <see cref="ClaimedUntil"/> in one conditional update.
/// </summary>
public class NotificationDelivery
{
    public long Id { get; set; }

    /// <summary>The channel it goes to; null for a person's own email (<see cref="UserId"/>).</summary>
    public int? ChannelId { get; set; }

    /// <summary>The person whose own address it goes to; null for a channel's row.</summary>
    public string? UserId { get; set; }

    /// <summary>The event's identity (<c>post.failed:123:…</c>): the same event heard twice has the same key.</summary>
    public required string EventKey { get; set; }
    public required string Event { get; set; }
    public required string Text { get; set; }
    public int? PostId { get; set; }
    public string? Url { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public string? ClaimToken { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Set when the retries are used up: kept with <see cref="LastError"/> for the Settings panel.</summary>
    public DateTimeOffset? GaveUpAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Sent inside a digest (one message for many), not on its own.</summary>
    public bool InDigest { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<NotificationChannel>, IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationChannel> b)
    {
        b.ToTable("NotificationChannels");
        b.Property(c => c.Name).HasMaxLength(NotificationService.MaxNameLength);
        b.Property(c => c.Url).HasMaxLength(NotificationService.MaxUrlLength);
        b.Property(c => c.To).HasMaxLength(320);
        b.Property(c => c.CreatedById).HasMaxLength(450);
    }

    public void Configure(EntityTypeBuilder<NotificationDelivery> b)
    {
        b.ToTable("NotificationDeliveries", t => t.HasCheckConstraint("CK_NotificationDeliveries_ChannelOrUser", "\"ChannelId\" IS NOT NULL OR \"UserId\" IS NOT NULL"));
        b.Property(d => d.EventKey).HasMaxLength(200);
        b.Property(d => d.Event).HasMaxLength(64);
        b.Property(d => d.Url).HasMaxLength(2000);
        b.Property(d => d.ClaimToken).HasMaxLength(64);
        b.Property(d => d.LastError).HasMaxLength(1000);
        b.HasIndex(d => new { d.ChannelId, d.EventKey }).IsUnique();
        b.HasIndex(d => new { d.UserId, d.EventKey }).IsUnique();
        b.Property(d => d.UserId).HasMaxLength(450);
        b.HasIndex(d => new { d.SentAt, d.NextAttemptAt });
        b.HasOne<NotificationChannel>().WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
