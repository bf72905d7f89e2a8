using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Content;

namespace SocialOps.Core.Analytics;

/// <summary>
/// "Engaged in the period" rolled up: for one post and one UTC day, how much its engagements grew in each UTC hour of
/// that day (each snapshot's growth since the post's previous snapshot, on the hour it was taken). Kept in the same save
/// as the snapshots (<see cref="MetricRollupInterceptor"/>) and checked nightly by <see cref="RollupRepairJob"/>. Hours
/// rather than days, so a period whose local days start on whole UTC hours (every zone but the few with a half-hour
/// offset) reads this table instead of its snapshots and still splits the growth by its own local days exactly.
/// </summary>
public class PostMetricDay : HourlyGrowth
{
    public int PostId { get; set; }
    public Post? Post { get; set; }

    /// <summary>The UTC day.</summary>
    public DateOnly Day { get; set; }

    /// <summary>
    /// The rows a post's snapshots make: each snapshot's engagements less its predecessor's (0 before the first), on
    /// the hour it was taken. Rows whose hours are all 0 are kept: the day had snapshots.
    /// </summary>
    public static Dictionary<DateOnly, long[]> FromSnapshots(IEnumerable<(DateTimeOffset TakenAt, long Engagements)> snapshots)
    {
        var days = new Dictionary<DateOnly, long[]>();
        long previous = 0;
        foreach (var (takenAt, engagements) in snapshots.OrderBy(s => s.TakenAt))
        {
            var (day, hour) = HourlyGrowth.BucketOf(takenAt);
            if (!days.TryGetValue(day, out var hours))
            {
                days[day] = hours = new long[24];
            }

            hours[hour] += engagements - previous;
            previous = engagements;
        }

        return days;
    }
}

internal sealed class PostMetricDayConfiguration : IEntityTypeConfiguration<PostMetricDay>
{
    public void Configure(EntityTypeBuilder<PostMetricDay> b)
    {
        // A period reads a range of days: the day leads the key. The post's index ends with the day, so a read that starts
        // from the period's posts (SQLite's plan) seeks each post's days in the range instead of reading all of them; it
        // also serves the write path and the repair.
        b.HasKey(d => new { d.Day, d.PostId });
        b.HasIndex(d => new { d.PostId, d.Day });
        b.HasOne(d => d.Post).WithMany().HasForeignKey(d => d.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}
