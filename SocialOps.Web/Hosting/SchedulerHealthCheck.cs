using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SocialOps.Core.Data;
using SocialOps.Core.Scheduling;

namespace SocialOps.Web.Hosting;

/// <summary>Degraded when no scheduler instance has checked in for two intervals: a stalled scheduler is not a quiet day.</summary>
internal sealed class SchedulerHealthCheck(IDbContextFactory<SocialOpsDbContext> contexts, IOptions<SchedulingOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var since = time.GetUtcNow() - options.Value.HeartbeatInterval * 2;
            var live = await db.SchedulerHeartbeats.CountAsync(h => h.LastSeenAt >= since, cancellationToken);
            var due = await db.Posts.CountAsync(p => p.Status == Core.Content.PostStatus.Scheduled, cancellationToken);
            return live > 0
                ? HealthCheckResult.Healthy($"{live} scheduler instance(s) checked in; {due} post(s) scheduled")
                : HealthCheckResult.Degraded($"No scheduler instance has checked in since {since:HH:mm:ss} UTC; {due} post(s) are waiting");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Scheduler state unreadable: {ex.GetType().Name}");
        }
    }
}
