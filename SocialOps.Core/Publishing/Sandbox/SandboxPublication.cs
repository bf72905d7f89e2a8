using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Publishing.Sandbox;

/// <summary>
/// One publication on the built-in Sandbox platform. Every call is kept, so a post published twice would
/// show as two rows; that is how tests and users can see "exactly once" hold.
/// </summary>
public class SandboxPublication
{
    public long Id { get; set; }
    public int PostId { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string Content { get; set; }
    public List<string> Hashtags { get; set; } = [];
    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>For a thread's part or a first comment: the publication it answers.</summary>
    public string? InReplyTo { get; set; }
}

internal sealed class SandboxPublicationConfiguration : IEntityTypeConfiguration<SandboxPublication>
{
    public void Configure(EntityTypeBuilder<SandboxPublication> b)
    {
        b.Property(p => p.IdempotencyKey).HasMaxLength(100);
        b.Property(p => p.Content).HasMaxLength(70_000);
        b.HasIndex(p => p.IdempotencyKey);
        b.HasIndex(p => p.PublishedAt);
        b.Property(p => p.InReplyTo).HasMaxLength(300);
    }
}
