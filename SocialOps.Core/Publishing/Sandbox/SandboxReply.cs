using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Publishing.Sandbox;

/// <summary>A reply the built-in Sandbox received: one row per reply that reached it, so "sent once" can be seen.</summary>
public class SandboxReply
{
    public long Id { get; set; }
    public long InteractionId { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

internal sealed class SandboxReplyConfiguration : IEntityTypeConfiguration<SandboxReply>
{
    public void Configure(EntityTypeBuilder<SandboxReply> b)
    {
        b.Property(r => r.IdempotencyKey).HasMaxLength(100);
        b.Property(r => r.Text).HasMaxLength(70_000);
        b.HasIndex(r => r.IdempotencyKey).IsUnique();
        b.HasIndex(r => r.SentAt);
    }
}
