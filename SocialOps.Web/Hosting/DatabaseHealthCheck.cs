using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SocialOps.Core.Data;

namespace SocialOps.Web.Hosting;

internal sealed class DatabaseHealthCheck(IDbContextFactory<SocialOpsDbContext> contexts, IOptions<DatabaseOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var provider = options.Value.ParsedProvider;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy($"{provider} reachable")
                : HealthCheckResult.Unhealthy($"{provider} not reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{provider}: {ex.GetType().Name}");
        }
    }
}
