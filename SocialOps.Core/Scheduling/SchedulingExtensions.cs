using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Sandbox;

namespace SocialOps.Core.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>
    /// The scheduler: Quartz with a persistent store (its own SQLite file beside the app's, or the app's PostgreSQL
    /// database with clustering), the publish job, the Sandbox publisher and the scheduling services.
    /// </summary>
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.Section).ValidateOnStart();

        services.AddSingleton<IPlatformPublisher, SandboxPublisher>();
        services.AddSingleton<PublisherRegistry>();
        services.AddSingleton<SchedulerInstance>();
        services.AddSingleton<PostTriggers>();
        services.AddSingleton<SeriesPlanner>();
        services.AddSingleton<PostPublisher>();
        services.AddSingleton<ScheduleValidator>();
        services.AddSingleton<DuplicateCheck>();
        services.AddSingleton<PostOutcomes>();
        services.AddSingleton<FirstComments>();
        services.AddSingleton<ApprovalRules>();
        services.AddSingleton<PostingQueues>();
        services.AddSingleton<SchedulingService>();
        services.AddSingleton<IConnectionFollower, ConnectionPosts>();

        // Quartz is set up before the options can be injected: the sections are read once here.
        var scheduling = SchedulingOptions.From(builder.Configuration);
        var database = DatabaseOptions.From(builder.Configuration);
        var concurrency = Math.Clamp(scheduling.MaxConcurrency, 1, 64);
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                // Instances that share a PostgreSQL database share the scheduler name; tests give each in-process app its own.
                o.InstanceName = scheduling.SchedulerName;
                o.GenerateInstanceId = true;

                // Posts due at the same instant are taken from the store together, up to one per worker: a burst pays the
                // store's lock once per batch instead of twice per post. Posts due at different instants are never pulled early.
                o.MaxBatchSize = concurrency;
                o.BatchTriggerAcquisitionFireAheadTimeWindow = TimeSpan.Zero;
            });
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = concurrency);
            q.AddJob<PublishPostJob>(job => job.WithIdentity(PublishPostJob.Key).StoreDurably());
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                if (database.UsesPostgres)
                {
                    store.UsePostgres(QuartzPostgresConnectionString(database.ConnectionString!, scheduling.DurableSchedulerStore));
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(10);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                    });
                }
                else
                {
                    store.UseSqlite(new SchedulerSqliteFactory(scheduling.StoreIsDurable), scheduling.SqliteConnectionString(database));
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
    /// Quartz's sessions on PostgreSQL: without a durable store, its commits do not wait for the WAL flush
    /// (<c>synchronous_commit=off</c> for these sessions only; the app's own transactions keep the server's setting).
    /// </summary>
    public static string QuartzPostgresConnectionString(string connectionString, bool durable) =>
        PostgresSessions.Tune(connectionString, durable ? null : b => b.Options = $"{b.Options} -c synchronous_commit=off".Trim());
}
