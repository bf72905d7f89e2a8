using System.Globalization;
using Quartz;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// Quartz's handle on a post: one durable job, one trigger per pending post (at its due instant, then at each retry).
/// Runs may overlap across posts; <see cref="PostPublisher"/> makes each post go out once.
/// </summary>
public sealed class PublishPostJob(PostPublisher publisher) : IJob
{
    public static readonly JobKey Key = new("publish-post", "socialops");
    public const string PostIdKey = "postId";

    public static TriggerKey TriggerFor(int postId) => new($"post-{postId.ToString(CultureInfo.InvariantCulture)}", "socialops");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var postId = context.MergedJobDataMap.GetInt(PostIdKey);
        await publisher.PublishDueAsync(postId, cancellationToken);
    }
}
