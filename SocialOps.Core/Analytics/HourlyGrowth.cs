namespace SocialOps.Core.Analytics;

/// <summary>
/// How much engagements grew in each UTC hour of one UTC day (H00 to H23): the shape of the hourly roll-ups
/// (<see cref="PostMetricDay"/> per post, <see cref="AccountMetricDay"/> per account).
/// </summary>
public abstract class HourlyGrowth
{
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
}
