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
public class PostMetricDay
{
    public int PostId { get; set; }
    public Post? Post { get; set; }

    /// <summary>The UTC day.</summary>
    public DateOnly Day { get; set; }

    public long H00 { get; set; }
    public long H01 { get; set; }
    public long H02 { get; set; }
    public long H03 { get; set; }
    public long H04 { get; set; }
    public long H05 { get; set; }
    public long H06 { get; set; }
    public long H07 { get; set; }
    public long H08 { get; set; }
    public long H09 { get; set; }
    public long H10 { get; set; }
    public long H11 { get; set; }
    public long H12 { get; set; }
    public long H13 { get; set; }
    public long H14 { get; set; }
    public long H15 { get; set; }
    public long H16 { get; set; }
    public long H17 { get; set; }
    public long H18 { get; set; }
    public long H19 { get; set; }
    public long H20 { get; set; }
    public long H21 { get; set; }
    public long H22 { get; set; }
    public long H23 { get; set; }

    /// <summary>The names of the 24 hour columns, H00 to H23.</summary>
    public static readonly string[] HourColumns = [.. Enumerable.Range(0, 24).Select(h => $"H{h:00}")];

    /// <summary>The UTC day and hour an instant falls in.</summary>
    public static (DateOnly Day, int Hour) BucketOf(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return (DateOnly.FromDateTime(utc), utc.Hour);
    }

    public long[] Hours() =>
    [
        H00, H01, H02, H03, H04, H05, H06, H07, H08, H09, H10, H11,
        H12, H13, H14, H15, H16, H17, H18, H19, H20, H21, H22, H23,
    ];

    public void SetHours(IReadOnlyList<long> h)
    {
        (H00, H01, H02, H03, H04, H05, H06, H07, H08, H09, H10, H11) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11]);
        (H12, H13, H14, H15, H16, H17, H18, H19, H20, H21, H22, H23) = (h[12], h[13], h[14], h[15], h[16], h[17], h[18], h[19], h[20], h[21], h[22], h[23]);
    }

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
            var (day, hour) = BucketOf(takenAt);
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
