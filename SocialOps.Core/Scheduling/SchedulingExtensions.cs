using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SocialOps.Core.Analytics;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Sandbox;

namespace SocialOps.Core.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>
    /// The scheduler: Quartz with a persistent store (its own SQLite file beside the app's, or the app's
    /// PostgreSQL database with clustering), the publish job, the Sandbox publisher and the scheduling services.
    /// </summary>
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SchedulingOptions>().BindConfiguration("Scheduling").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();

        services.AddSingleton<IPlatformPublisher, SandboxPublisher>();
        services.AddSingleton<PublisherRegistry>();
        services.AddSingleton<SchedulerInstance>();
        services.AddSingleton<PostTriggers>();
        services.AddSingleton<SeriesPlanner>();
        services.AddSingleton<PostPublisher>();
        services.AddSingleton<ScheduleValidator>();
        services.AddSingleton<PostOutcomes>();
        services.AddSingleton<SchedulingService>();
        services.AddSingleton<SchedulerReports>();

        var config = builder.Configuration;
        var scheduling = config.GetSection("Scheduling").Get<SchedulingOptions>() ?? new SchedulingOptions();
        // Instances that share a PostgreSQL database share the scheduler name; tests give each in-process app its own.
        var name = config["Scheduling:SchedulerName"] is { Length: > 0 } configured ? configured : "SocialOps";
        var concurrency = Math.Clamp(scheduling.MaxConcurrency, 1, 64);
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = name;
                o.GenerateInstanceId = true;

                // Posts due at the same instant are taken from the store together, up to one per worker: a burst pays the
                // store's lock once per batch instead of twice per post. Posts due at different instants are never pulled early.
                o.MaxBatchSize = concurrency;
                o.BatchTriggerAcquisitionFireAheadTimeWindow = TimeSpan.Zero;
            });
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = concurrency);
            q.AddJob<PublishPostJob>(job => job.WithIdentity(PublishPostJob.Key).StoreDurably());
            q.AddAnalyticsJobs();
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                if (IsPostgres(config))
                {
                    store.UsePostgres(QuartzPostgresConnectionString(config.GetConnectionString("SocialOps")!, scheduling.DurableSchedulerStore));
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(10);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                    });
                }
                else
                {
                    var durable = SchedulerStoreIsDurable(scheduling, config.GetValue<bool>("Scheduling:ShareSqliteFile"));
                    store.UseSqlite(new SchedulerSqliteFactory(durable), QuartzSqliteConnectionString(config));
                }
            });
        });

        if (scheduling.Enabled)
        {
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
            services.AddHostedService<SchedulerMaintenance>();
        }

        return builder;
    }

    /// <summary>
    /// Quartz keeps its own SQLite file by default: its store takes a database-wide lock on every fire, which
    /// queues behind (and blocks) the app's own writes when both share one file (BENCHMARKS.md has the figures).
    /// <c>Scheduling:ShareSqliteFile</c> puts both in one file.
    /// </summary>
    public static string QuartzSqliteConnectionString(IConfiguration config)
    {
        var directory = config["Data:Directory"] is { Length: > 0 } dir ? dir : "./data";
        var file = config.GetValue<bool>("Scheduling:ShareSqliteFile") ? "socialops.db" : "scheduler.db";
        return $"Data Source={Path.Combine(Path.GetFullPath(directory), file)};Default Timeout=30";
    }

    /// <summary>The relaxed sync applies only to a SQLite file of the scheduler's own, never to the app's data.</summary>
    internal static bool SchedulerStoreIsDurable(SchedulingOptions options, bool shareSqliteFile) =>
        options.DurableSchedulerStore || shareSqliteFile;

    /// <summary>
    /// Quartz's sessions on PostgreSQL: without a durable store, its commits do not wait for the WAL flush
    /// (<c>synchronous_commit=off</c> for these sessions only; the app's own transactions keep the server's setting).
    /// </summary>
    public static string QuartzPostgresConnectionString(string connectionString, bool durable) =>
        PostgresSessions.Tune(connectionString, durable ? null : b => b.Options = $"{b.Options} -c synchronous_commit=off".Trim());

    private static bool IsPostgres(IConfiguration config) =>
        string.Equals(config["Database:Provider"], nameof(DatabaseProvider.Postgres), StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrWhiteSpace(config.GetConnectionString("SocialOps"));
}
