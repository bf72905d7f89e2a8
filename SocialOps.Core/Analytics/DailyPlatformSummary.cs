using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>One platform's totals for one UTC day, rolled up so dashboards never scan raw snapshots.</summary>
public class DailyPlatformSummary
{
    public long Id { get; set; }
    public Platform Platform { get; set; }
    public DateOnly Day { get; set; }
    public int PostsPublished { get; set; }
    public long Likes { get; set; }
    public long Comments { get; set; }
    public long Shares { get; set; }
    public long Saves { get; set; }
    public long Clicks { get; set; }
    public long Impressions { get; set; }
    public long Reach { get; set; }
    public long Followers { get; set; }
    public long NewFollowers { get; set; }

    /// <summary>Engagements divided by impressions; 0 when there were none.</summary>
    public double EngagementRate { get; set; }

    public double AverageSentiment { get; set; }
}

internal sealed class DailyPlatformSummaryConfiguration : IEntityTypeConfiguration<DailyPlatformSummary>
{
    public void Configure(EntityTypeBuilder<DailyPlatformSummary> b) =>
        b.HasIndex(d => new { d.Platform, d.Day }).IsUnique();
}
