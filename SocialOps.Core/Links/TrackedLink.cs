using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Links;

/// <summary>
/// One of our own short links: <c>/l/{Code}</c> redirects to <see cref="Url"/> (the address as written, with the UTM
/// parameters added) and nowhere else. A link made for a post is made once per post and address.
/// </summary>
public class TrackedLink
{
    public int Id { get; set; }

    /// <summary>Random base62, <see cref="LinkCodes.Length"/> characters.</summary>
    public required string Code { get; set; }

    /// <summary>Where the link leads: <see cref="OriginalUrl"/> with the UTM parameters.</summary>
    public required string Url { get; set; }

    /// <summary>The address as it was written (in the post or the request).</summary>
    public required string OriginalUrl { get; set; }

    public int? PostId { get; set; }

    /// <summary>Counted clicks, people only (no link-preview fetchers, bots, HEAD requests or repeats).</summary>
    public long Clicks { get; set; }

    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Counted clicks of one link on one UTC day.</summary>
public class LinkClickDay
{
    public int LinkId { get; set; }
    public DateOnly Day { get; set; }
    public long Clicks { get; set; }
}

internal sealed class TrackedLinkConfiguration : IEntityTypeConfiguration<TrackedLink>, IEntityTypeConfiguration<LinkClickDay>
{
    public void Configure(EntityTypeBuilder<TrackedLink> b)
    {
        b.ToTable("TrackedLinks");
        b.Property(l => l.Code).HasMaxLength(16);
        b.Property(l => l.Url).HasMaxLength(LinkService.MaxUrlLength + 200);
        b.Property(l => l.OriginalUrl).HasMaxLength(LinkService.MaxUrlLength);
        b.Property(l => l.CreatedById).HasMaxLength(450);
        b.HasIndex(l => l.Code).IsUnique();

        // One link per post and address, so a retried publication finds the codes it made before.
        b.HasIndex(l => new { l.PostId, l.OriginalUrl }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<LinkClickDay> b)
    {
        b.ToTable("LinkClickDays");
        b.HasKey(d => new { d.LinkId, d.Day });
        b.HasIndex(d => d.Day);
    }
}
