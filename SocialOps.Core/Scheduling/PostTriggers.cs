using Quartz;
using SocialOps.Core.Content;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// The Quartz triggers that make posts go out. A post's scheduled time is served by one trigger per due instant,
/// shared by every post due then, so a burst of a thousand posts costs the scheduler store one firing instead of a
/// thousand. A retry or a "publish now" has a trigger of the post's own, keyed by its id. Either way the publisher's
/// claim makes each post go out once; an instant trigger whose posts have all moved fires once and finds nothing.
/// </summary>
public sealed class PostTriggers(ISchedulerFactory schedulers, IDbContextFactory<SocialOpsDbContext> contexts)
{
    /// <summary>Posts Scheduled for <paramref name="at"/> go out then (a trigger for that instant exists).</summary>
    public async Task DueAsync(DateTimeOffset at, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var instant = PublishPostJob.Instant(at);
        // Replacing rather than skipping an existing trigger matters when that trigger has fired and its job already
        // read which posts are due: the replacement fires again and picks up the post that was just saved.
        await scheduler.ScheduleTrigger(Build(PublishPostJob.TriggerAt(instant), instant, PublishPostJob.DueAtKey, instant.UtcTicks), TriggerConflict.Replace, ct);
    }

    /// <summary>Posts Scheduled for any of <paramref name="times"/> go out then: one trigger per distinct instant among them.</summary>
    public async Task DueAsync(IEnumerable<DateTimeOffset> times, CancellationToken ct = default)
    {
        foreach (var at in times.Select(PublishPostJob.Instant).Distinct())
        {
            await DueAsync(at, ct);
        }
    }

    /// <summary>Moves an existing post to its (new) scheduled time: any trigger of its own is dropped.</summary>
    public async Task MoveAsync(int postId, DateTimeOffset at, CancellationToken ct = default)
    {
        await RemoveAsync(postId, ct);
        await DueAsync(at, ct);
    }

    /// <summary>The post's own trigger, at <paramref name="at"/>: a retry's backoff, or "publish now".</summary>
    public async Task SetAsync(int postId, DateTimeOffset at, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.ScheduleTrigger(Build(PublishPostJob.TriggerFor(postId), at, PublishPostJob.PostIdKey, postId), TriggerConflict.Replace, ct);
    }

    /// <summary>Drops the post's own trigger. A shared instant trigger stays: at its time it passes over this post.</summary>
    public async Task RemoveAsync(int postId, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.UnscheduleJob(PublishPostJob.TriggerFor(postId), ct);
    }

    /// <summary>Whether a trigger will publish the post: its own, or (while it is Scheduled) its instant's.</summary>
    public async Task<bool> ExistsAsync(int postId, CancellationToken ct = default) => await FireTimeAsync(postId, ct) is not null;

    /// <summary>When the trigger that will publish the post fires next; null when none will.</summary>
    public async Task<DateTimeOffset?> FireTimeAsync(int postId, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        if (await scheduler.GetTrigger(PublishPostJob.TriggerFor(postId), ct) is { } own)
        {
            return own.StartTimeUtc;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var due = await db.Posts.Where(p => p.Id == postId && p.Status == PostStatus.Scheduled).Select(p => p.ScheduledFor).SingleOrDefaultAsync(ct);
        return due is { } at && await scheduler.GetTrigger(PublishPostJob.TriggerAt(PublishPostJob.Instant(at)), ct) is { } shared
            ? shared.StartTimeUtc
            : null;
    }

    /// <summary>Whether the post has a trigger of its own (a retry, or "publish now").</summary>
    public async Task<bool> OwnExistsAsync(int postId, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        return await scheduler.Exists(PublishPostJob.TriggerFor(postId), ct);
    }

    /// <summary>Whether the trigger for posts due at <paramref name="at"/> exists (waiting, or fired and still running).</summary>
    public async Task<bool> InstantExistsAsync(DateTimeOffset at, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        return await scheduler.Exists(PublishPostJob.TriggerAt(PublishPostJob.Instant(at)), ct);
    }

    private static ITrigger Build(TriggerKey key, DateTimeOffset at, string dataKey, object value) =>
        TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(PublishPostJob.Key)
            .UsingJobData(new JobDataMap { [dataKey] = value })
            .StartAt(at)
            // After downtime it fires once at start-up; the publisher decides between publishing and Missed.
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
}
