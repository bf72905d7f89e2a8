using Quartz;
using SocialOps.Core.Telemetry;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// Quartz's handle on posts: one durable job, fired by one trigger per due instant (every post Scheduled for it) or by
/// a post's own trigger (its retry, or "publish now"). Runs may overlap; <see cref="PostPublisher"/> makes each post
/// go out once.
/// </summary>
public sealed class PublishPostJob(PostPublisher publisher) : IJob
{
    public static readonly JobKey Key = new("publish-post", "socialops");
    public const string PostIdKey = "postId";
    public const string DueAtKey = "dueAt";

    public static TriggerKey TriggerFor(int postId) => new($"post-{postId.ToString(CultureInfo.InvariantCulture)}", "socialops");

    public static TriggerKey TriggerAt(DateTimeOffset instant) => new($"due-{Instant(instant).UtcTicks.ToString(CultureInfo.InvariantCulture)}", "socialops");

    /// <summary>
    /// The instant's whole microsecond: PostgreSQL keeps times to the microsecond (dropping the rest), SQLite to the tick,
    /// so the posts due within one microsecond of it are the posts due then on either.
    /// </summary>
    public static DateTimeOffset Instant(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        using var activity = SocialOpsTracing.Source.StartActivity("publish job");
        activity?.SetTag("socialops.trigger", context.Trigger.Key.Name);
        if (data.ContainsKey(DueAtKey))
        {
            await publisher.PublishDueAtAsync(new DateTimeOffset(data.GetLong(DueAtKey), TimeSpan.Zero), cancellationToken);
        }
        else
        {
            await publisher.PublishDueAsync(data.GetInt(PostIdKey), cancellationToken);
        }
    }
}
