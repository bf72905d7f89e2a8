using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using SocialOps.Core.Analytics.Wall;
using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Analytics;

public static class AnalyticsExtensions
{
    /// <summary>The analytics queries, the per-post roll-up kept on every save and repaired nightly, ROI settings and wall keys.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddOptions<RoiOptions>().BindConfiguration("Analytics:Roi").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnalyticsService>();
        services.AddSingleton<RoiSettingsStore>();
        services.AddSingleton<KioskKeyService>();
        services.AddSingleton<WallQueries>();
        services.AddOptions<WallOptions>().BindConfiguration("Analytics:Wall").ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Analytics:Wall:TimeZone must be an IANA time zone such as Europe/Berlin.")
            .ValidateOnStart();
        services.AddSingleton<MetricRollupInterceptor>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<MetricRollupInterceptor>());
        services.AddSingleton<ISaveEvents, MetricEvents>();
        return services;
    }

    /// <summary>The nightly roll-up repair; called inside the one <c>AddQuartz</c> of the scheduler.</summary>
    public static void AddAnalyticsJobs(this IQuartzBuilder q)
    {
        q.AddJob<RollupRepairJob>(j => j.WithIdentity(RollupRepairJob.Key).StoreDurably());
        q.AddTrigger(t => t.ForJob(RollupRepairJob.Key).WithIdentity("rollup-repair-nightly", "analytics")
            .WithCronSchedule("0 30 3 * * ?", c => c.InTimeZone(TimeZoneInfo.Utc)));
    }
}
