using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialOps.Core.Analytics.Wall;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Analytics;

public static class AnalyticsExtensions
{
    /// <summary>The analytics queries, the per-post roll-up kept on every save and repaired nightly, ROI settings and wall keys.</summary>
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RoiOptions>().BindConfiguration(RoiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnalyticsService>();
        services.AddSingleton<DashboardQueries>();
        services.AddSingleton<SandboxMetrics>();
        services.AddSingleton<SchedulerReports>();
        services.AddSingleton<RoiSettingsStore>();
        services.AddSingleton<KioskKeyService>();
        services.AddSingleton<WallQueries>();
        services.AddOptions<WallOptions>().BindConfiguration(WallOptions.Section).ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Analytics:Wall:TimeZone must be an IANA time zone such as Europe/Berlin.")
            .ValidateOnStart();
        services.AddSingleton<MetricRollupInterceptor>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<MetricRollupInterceptor>());
        services.AddSingleton<ISaveEvents, MetricEvents>();
        services.AddEvent<MetricsChanged>();
        if (SchedulingOptions.From(builder.Configuration).Enabled)
        {
            services.AddHostedService<RollupRepairSchedule>();
        }

        return builder;
    }
}
