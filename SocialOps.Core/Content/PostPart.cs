using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Content;

/// <summary>Where one part of a thread (or a post's first comment) stands on its platform.</summary>
public enum PartState
{
    /// <summary>Not sent yet.</summary>
    Pending,

    /// <summary>On the platform, with its id: never sent again.</summary>
    Published,

    /// <summary>Sent, but the answer was lost: the platform is asked before it is sent again.</summary>
    Unknown,

    /// <summary>Refused or not reached; sent again when the post is published again.</summary>
    Failed,
}

/// <summary>
/// One part of a thread after the post's own content: part <see cref="Index"/> 1 replies to the post, part 2 to part 1,
/// and so on. Its state moves only through the post's methods; each part goes out exactly once.
/// </summary>
public class PostPart
{
    public int Id { get; init; }
    public int PostId { get; init; }

    /// <summary>1 for the first part after the post's content.</summary>
    public int Index { get; init; }

    public required string Content { get; set; }

    /// <summary>Media by reference, as the post's own.</summary>
    public List<string> MediaReferences { get; set; } = [];

    public PartState State { get; internal set; }
    public string? ExternalId { get; internal set; }
    public string? ExternalUrl { get; internal set; }

    /// <summary>Bluesky's content id of the record: a reply names its root and parent by URI and CID.</summary>
    public string? ExternalCid { get; internal set; }

    public DateTimeOffset? ConfirmedAt { get; internal set; }
    public string? Error { get; internal set; }

    /// <summary>The key the platform sees for this part, the same on every attempt (a Bluesky record key, Mastodon's Idempotency-Key).</summary>
    public static string IdempotencyKey(int postId, int index) =>
        $"socialops-post-{postId.ToString(CultureInfo.InvariantCulture)}-part-{index.ToString(CultureInfo.InvariantCulture)}";
}

internal sealed class PostPartConfiguration : IEntityTypeConfiguration<PostPart>
{
    public void Configure(EntityTypeBuilder<PostPart> b)
    {
        b.Property(p => p.Content).HasMaxLength(70_000);
        b.Property(p => p.ExternalId).HasMaxLength(300);
        b.Property(p => p.ExternalUrl).HasMaxLength(1000);
        b.Property(p => p.ExternalCid).HasMaxLength(200);
        b.Property(p => p.Error).HasMaxLength(2000);
        b.HasIndex(p => new { p.PostId, p.Index }).IsUnique();
        b.HasIndex(p => p.ExternalId);
    }
}
