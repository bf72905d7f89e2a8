using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The <c>SocialOps</c> meter and what feeds it; exporting it is the host's business.</summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<SocialOpsMeter>();
        services.AddHostedService<PostOutcomeMetrics>();
        return services;
    }
}
