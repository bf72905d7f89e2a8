using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Operations;

public static class OperationsExtensions
{
    /// <summary>The health report the health page and <c>GET /api/health/report</c> show, and the gauges that count rows.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services) =>
        services.AddSingleton<HealthReportService>().AddSingleton<QueueGauges>().AddSingleton<Telemetry.IGaugeSource>(sp => sp.GetRequiredService<QueueGauges>());
}
