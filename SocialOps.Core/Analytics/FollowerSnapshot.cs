using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>An account's follower count on one day (the day in the account's time zone).</summary>
public class FollowerSnapshot
{
    public long Id { get; set; }
    public int AccountId { get; set; }
    public PlatformAccount? Account { get; set; }
    public DateOnly Day { get; set; }
    public long Followers { get; set; }
    public long Following { get; set; }
    public DateTimeOffset TakenAt { get; set; }
}

internal sealed class FollowerSnapshotConfiguration : IEntityTypeConfiguration<FollowerSnapshot>
{
    public void Configure(EntityTypeBuilder<FollowerSnapshot> b)
    {
        b.HasIndex(f => new { f.AccountId, f.Day }).IsUnique();
        b.HasOne(f => f.Account).WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
