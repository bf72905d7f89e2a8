using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Scheduling;

/// <summary>This process's identity among scheduler instances (one per process).</summary>
public sealed class SchedulerInstance
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";
}

/// <summary>A scheduler instance's last check-in; /health reads these to tell a stalled scheduler from a quiet day.</summary>
public class SchedulerHeartbeat
{
    public required string InstanceId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}

internal sealed class SchedulerHeartbeatConfiguration : IEntityTypeConfiguration<SchedulerHeartbeat>
{
    public void Configure(EntityTypeBuilder<SchedulerHeartbeat> b)
    {
        b.HasKey(h => h.InstanceId);
        b.Property(h => h.InstanceId).HasMaxLength(200);
        b.HasIndex(h => h.LastSeenAt);
    }
}
