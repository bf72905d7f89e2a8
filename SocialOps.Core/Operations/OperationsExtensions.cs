using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Operations;

public static class OperationsExtensions
{
    /// <summary>The health report the health page and <c>GET /api/health/report</c> show.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services) => services.AddSingleton<HealthReportService>();
}
