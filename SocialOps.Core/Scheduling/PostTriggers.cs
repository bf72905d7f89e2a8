using Quartz;

namespace SocialOps.Core.Scheduling;

/// <summary>Keeps one Quartz trigger per pending post, keyed by post id, so a post can never be due twice.</summary>
public sealed class PostTriggers(ISchedulerFactory schedulers)
{
    public async Task SetAsync(int postId, DateTimeOffset at, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(PublishPostJob.TriggerFor(postId))
            .ForJob(PublishPostJob.Key)
            .UsingJobData(PublishPostJob.PostIdKey, postId)
            .StartAt(at)
            // After downtime it fires once at start-up; the publisher decides between publishing and Missed.
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, ct);
    }

    public async Task RemoveAsync(int postId, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.UnscheduleJob(PublishPostJob.TriggerFor(postId), ct);
    }

    public async Task<bool> ExistsAsync(int postId, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        return await scheduler.Exists(PublishPostJob.TriggerFor(postId), ct);
    }
}
