using Quartz;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Ingestion;

/// <summary>
/// One Quartz job per connection, repeating every <see cref="ConnectorOptions.PollInterval"/> (the first run one interval
/// on): set when a connection to a real platform is added, deleted when it is removed.
/// </summary>
public sealed class IngestionTriggers(ISchedulerFactory schedulers, IOptions<ConnectorOptions> options, TimeProvider time) : IConnectionFollower
{
    public Task AddedAsync(PlatformAccount account, CancellationToken ct) => account.PublishesToSandbox ? Task.CompletedTask : SetAsync(account.Id, ct);

    public Task RemovedAsync(int accountId, CancellationToken ct) => RemoveAsync(accountId, ct);

    public static JobKey JobFor(int accountId) => new($"ingest-{accountId.ToString(CultureInfo.InvariantCulture)}", "socialops-ingestion");

    public async Task SetAsync(int accountId, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var job = JobBuilder.Create<IngestConnectionJob>()
            .WithIdentity(JobFor(accountId))
            .UsingJobData(IngestConnectionJob.AccountIdKey, accountId)
            .StoreDurably()
            .Build();
        var interval = options.Value.PollInterval;
        var trigger = TriggerBuilder.Create()
            .WithIdentity(new TriggerKey(JobFor(accountId).Name, JobFor(accountId).Group))
            .ForJob(job)
            .StartAt(time.GetUtcNow() + interval)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever())
            .Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, ct);
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, ct);
    }

    public async Task RemoveAsync(int accountId, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.DeleteJob(JobFor(accountId), ct);
    }
}
