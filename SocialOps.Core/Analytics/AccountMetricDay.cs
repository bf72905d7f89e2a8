using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>
/// The hourly growth of all of one account's posts on one UTC day: the sum of their <see cref="PostMetricDay"/> rows,
/// which is all the dashboard's "engaged in the period" needs (it narrows by platform and account only). A year is then
/// a few thousand rows however many posts there are. Metrics are only taken of published posts, and a published post
/// stays published, so every row belongs to published posts. Kept in the same transaction as the snapshots by
/// <see cref="MetricRollupInterceptor"/> with increments in SQL (so two instances saving posts of one account at once
/// both count), and put right from the per-post rows by the nightly repair (<see cref="RollupRepairJob"/>).
/// </summary>
public class AccountMetricDay : HourlyGrowth
{
    /// <summary>The UTC day.</summary>
    public DateOnly Day { get; set; }

    public Platform Platform { get; set; }

    /// <summary>The posts' account, or 0 for posts that have none. Not a foreign key: a removed account's history stays.</summary>
    public int AccountId { get; set; }
}

internal sealed class AccountMetricDayConfiguration : IEntityTypeConfiguration<AccountMetricDay>
{
    public void Configure(EntityTypeBuilder<AccountMetricDay> b)
    {
        // A period reads a range of days, narrowed by platform and account.
        b.HasKey(d => new { d.Day, d.Platform, d.AccountId });
    }
}
