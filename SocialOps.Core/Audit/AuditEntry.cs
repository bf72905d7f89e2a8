using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Audit;

/// <summary>Who did what, when. Appended only: the app never updates or deletes an entry.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }

    /// <summary>The actor as shown: a user's email, a token's name, or "system".</summary>
    public required string Actor { get; set; }

    /// <summary>A dotted verb such as <c>post.schedule</c> or <c>user.signin</c>.</summary>
    public required string Action { get; set; }

    public string? EntityType { get; set; }
    public string? EntityId { get; set; }

    /// <summary>JSON with what changed; never a secret.</summary>
    public string? Details { get; set; }

    public string? RemoteIp { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.UserId).HasMaxLength(450);
        b.Property(a => a.Actor).HasMaxLength(300);
        b.Property(a => a.Action).HasMaxLength(100);
        b.Property(a => a.EntityType).HasMaxLength(100);
        b.Property(a => a.EntityId).HasMaxLength(100);
        b.Property(a => a.Details).HasMaxLength(8000);
        b.Property(a => a.RemoteIp).HasMaxLength(64);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.Action, a.At });
    }
}
