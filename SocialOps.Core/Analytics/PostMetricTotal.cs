using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Content;

namespace SocialOps.Core.Analytics;

/// <summary>
/// The roll-up every analytics query reads: one row per post holding its newest snapshot's counters, kept in the same
/// save as the snapshots that change it (<see cref="MetricRollupInterceptor"/>) and rebuilt by <see cref="RollupRepairJob"/>.
/// </summary>
public class PostMetricTotal
{
    public int PostId { get; set; }
    public Post? Post { get; set; }

    /// <summary>When the snapshot these counters come from was taken.</summary>
    public DateTimeOffset TakenAt { get; set; }

    public long Likes { get; set; }
    public long Comments { get; set; }
    public long Shares { get; set; }
    public long Saves { get; set; }
    public long Clicks { get; set; }
    public long Impressions { get; set; }
    public long Reach { get; set; }

    /// <summary>Whether the post has a snapshot taken 7 days or more after publishing (<see cref="AtSevenDays"/>).</summary>
    public bool ReachedSevenDays { get; set; }

    /// <summary>When the newest snapshot taken no later than 7 days after publishing was taken; null for none.</summary>
    public DateTimeOffset? SevenDaysTakenAt { get; set; }

    /// <summary>That snapshot's engagements (0 for none): the post's engagements at 7 days once <see cref="ReachedSevenDays"/>.</summary>
    public long SevenDaysEngagements { get; set; }

    /// <summary>True when <paramref name="s"/> is newer than what the row holds (ties go to the larger engagement, so any arrival order ends the same).</summary>
    public bool IsOlderThan(PostMetricSnapshot s) =>
        s.TakenAt > TakenAt || (s.TakenAt == TakenAt && (s.Engagements, s.Impressions, s.Reach).CompareTo((Likes + Comments + Shares + Saves + Clicks, Impressions, Reach)) > 0);

    public void CopyFrom(PostMetricSnapshot s)
    {
        TakenAt = s.TakenAt;
        Likes = s.Likes;
        Comments = s.Comments;
        Shares = s.Shares;
        Saves = s.Saves;
        Clicks = s.Clicks;
        Impressions = s.Impressions;
        Reach = s.Reach;
    }

    /// <summary>Takes <paramref name="s"/> into the figures at 7 days of a post published at <paramref name="publishedAt"/> (none when unknown).</summary>
    public void ApplySevenDays(PostMetricSnapshot s, DateTimeOffset? publishedAt)
    {
        if (publishedAt is not { } published)
        {
            return;
        }

        var cutoff = published + AtSevenDays.Age;
        if (s.TakenAt <= cutoff && (SevenDaysTakenAt is null || s.TakenAt > SevenDaysTakenAt))
        {
            SevenDaysTakenAt = s.TakenAt;
            SevenDaysEngagements = s.Engagements;
        }

        ReachedSevenDays |= s.TakenAt >= cutoff;
    }

    /// <summary>Whether the figures at 7 days equal <paramref name="other"/>'s.</summary>
    public bool SameSevenDays(PostMetricTotal other) =>
        (ReachedSevenDays, SevenDaysTakenAt, SevenDaysEngagements) == (other.ReachedSevenDays, other.SevenDaysTakenAt, other.SevenDaysEngagements);
}

internal sealed class PostMetricTotalConfiguration : IEntityTypeConfiguration<PostMetricTotal>
{
    public void Configure(EntityTypeBuilder<PostMetricTotal> b)
    {
        b.HasKey(t => t.PostId);
        b.HasOne(t => t.Post).WithOne().HasForeignKey<PostMetricTotal>(t => t.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}
