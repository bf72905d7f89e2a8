using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Content;

/// <summary>A piece of content for one platform account; one occurrence of a recurring series is one post.</summary>
public class Post
{
    public int Id { get; set; }
    public Platform Platform { get; set; }
    public int? AccountId { get; set; }
    public PlatformAccount? Account { get; set; }
    public required string Content { get; set; }
    public List<string> Hashtags { get; set; } = [];

    /// <summary>Media by reference (a stored file name or a public URL), in display order.</summary>
    public List<string> MediaReferences { get; set; } = [];

    public PostStatus Status { get; set; }

    /// <summary>The instant this post is due; null for drafts.</summary>
    public DateTimeOffset? ScheduledFor { get; set; }

    /// <summary>
    /// When someone asked for the post to go out at once ("publish now"). <see cref="ScheduledFor"/> keeps the instant
    /// it was due, so lateness stays truthful, and the misfire grace window does not apply to it.
    /// </summary>
    public DateTimeOffset? PublishRequestedAt { get; set; }

    /// <summary>When the next attempt of a Retrying post is due (its backoff survives a lost trigger or a restart).</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>
    /// For an occurrence of a recurring series: the cron instant it stands for. It never changes when the occurrence
    /// is moved, and a series holds each instant once (a unique index), so two planners can never create it twice.
    /// </summary>
    public DateTimeOffset? OccurrenceAt { get; set; }

    public int? ScheduleId { get; set; }
    public Schedule? Schedule { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }
    public string? ExternalId { get; set; }
    public string? ExternalUrl { get; set; }

    /// <summary>Why the post is Failed, Missed or Unconfirmed, in words a user can act on.</summary>
    public string? StatusReason { get; set; }

    /// <summary>In its account's posting queue: it holds a queue slot, and moves up when an earlier queued post leaves.</summary>
    public bool InQueue { get; set; }

    /// <summary>The reviewer's words on the last approval decision (why it was rejected, typically).</summary>
    public string? ReviewComment { get; set; }

    public bool IsDemo { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: bumped on every save, so two writers never both move a post on.</summary>
    public long Version { get; set; }

    public List<PublishAttempt> Attempts { get; set; } = [];
}

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> b)
    {
        b.Property(p => p.Content).HasMaxLength(70_000);
        b.Property(p => p.ExternalId).HasMaxLength(300);
        b.Property(p => p.ExternalUrl).HasMaxLength(1000);
        b.Property(p => p.StatusReason).HasMaxLength(2000);
        b.Property(p => p.CreatedById).HasMaxLength(450);
        b.Property(p => p.ReviewComment).HasMaxLength(2000);
        b.HasIndex(p => new { p.AccountId, p.InQueue, p.ScheduledFor });
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.Status, p.ScheduledFor });
        b.HasIndex(p => new { p.Platform, p.PublishedAt });

        // Analytics reads published posts by time over every platform: a range seek, never a scan of all posts.
        b.HasIndex(p => new { p.Status, p.PublishedAt });
        b.HasIndex(p => new { p.ScheduleId, p.OccurrenceAt }).IsUnique();
        b.HasOne(p => p.Account).WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(p => p.Schedule).WithMany(s => s.Posts).HasForeignKey(p => p.ScheduleId).OnDelete(DeleteBehavior.SetNull);
    }
}
