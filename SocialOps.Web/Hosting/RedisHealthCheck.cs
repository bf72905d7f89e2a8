using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocialOps.Core.Common.Events;
using StackExchange.Redis;

namespace SocialOps.Web.Hosting;

/// <summary>
/// Redis carries live updates between instances; without it the app still serves and publishes, so an unreachable
/// Redis makes the app Degraded, never Unhealthy (a load balancer keeps sending it traffic).
/// </summary>
internal sealed class RedisHealthCheck(RedisEventRelay relay) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (relay.Connection is not { IsConnected: true } redis)
        {
            return HealthCheckResult.Degraded("Redis not reachable: live updates between instances are paused");
        }

        try
        {
            var roundTrip = await redis.GetDatabase().PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"Redis reachable ({roundTrip.TotalMilliseconds:0.#} ms)");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded($"Redis: {ex.GetType().Name}; live updates between instances are paused");
        }
    }
}
