using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Content;

namespace SocialOps.Core.Analytics;

/// <summary>A post's counters at one moment; the newest snapshot is the current value.</summary>
public class PostMetricSnapshot
{
    public long Id { get; set; }
    public int PostId { get; set; }
    public Post? Post { get; set; }
    public DateTimeOffset TakenAt { get; set; }
    public long Likes { get; set; }
    public long Comments { get; set; }
    public long Shares { get; set; }
    public long Saves { get; set; }
    public long Clicks { get; set; }
    public long Impressions { get; set; }
    public long Reach { get; set; }

    public long Engagements => Likes + Comments + Shares + Saves + Clicks;
}

internal sealed class PostMetricSnapshotConfiguration : IEntityTypeConfiguration<PostMetricSnapshot>
{
    public void Configure(EntityTypeBuilder<PostMetricSnapshot> b)
    {
        b.Ignore(m => m.Engagements);
        b.HasIndex(m => new { m.PostId, m.TakenAt }).IsUnique();
        // "Engaged in the period" reads the snapshots taken in a period, of posts of any age.
        b.HasIndex(m => m.TakenAt);
        b.HasOne(m => m.Post).WithMany().HasForeignKey(m => m.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}
