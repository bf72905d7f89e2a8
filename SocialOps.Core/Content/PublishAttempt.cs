using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Content;

public enum PublishOutcome
{
    /// <summary>Intent recorded, the platform call not yet answered.</summary>
    Pending,
    Succeeded,
    TransientFailure,
    PermanentFailure,

    /// <summary>The request was sent but no answer came back: the post may or may not exist.</summary>
    Unknown,
}

/// <summary>One try at publishing a post, written before the platform is called.</summary>
public class PublishAttempt
{
    public long Id { get; set; }
    public int PostId { get; set; }
    public Post? Post { get; set; }
    public int AttemptNumber { get; set; }
    public PublishOutcome Outcome { get; set; }

    /// <summary>Sent to platforms that deduplicate (Mastodon's Idempotency-Key, a Bluesky record key, a webhook id).</summary>
    public required string IdempotencyKey { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int? HttpStatus { get; set; }
    public string? Error { get; set; }
    public string? ExternalId { get; set; }
    public string? ExternalUrl { get; set; }
    public string? InstanceId { get; set; }
}

internal sealed class PublishAttemptConfiguration : IEntityTypeConfiguration<PublishAttempt>
{
    public void Configure(EntityTypeBuilder<PublishAttempt> b)
    {
        b.HasIndex(a => new { a.PostId, a.AttemptNumber }).IsUnique();
        b.Property(a => a.IdempotencyKey).HasMaxLength(100);
        b.Property(a => a.Error).HasMaxLength(2000);
        b.Property(a => a.ExternalId).HasMaxLength(300);
        b.Property(a => a.ExternalUrl).HasMaxLength(1000);
        b.Property(a => a.InstanceId).HasMaxLength(200);
        b.HasOne(a => a.Post).WithMany(p => p.Attempts).HasForeignKey(a => a.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}
