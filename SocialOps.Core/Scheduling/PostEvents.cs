using SocialOps.Core.Analytics;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

public sealed record PostStatusChanged(int PostId, Platform Platform, PostStatus Status, DateTimeOffset? ScheduledFor, DateTimeOffset At)
{
    public static PostStatusChanged Of(Post post, DateTimeOffset at) => new(post.Id, post.Platform, post.Status, post.ScheduledFor, at);
}

/// <summary>
/// In-process bus for post state changes; interactive pages subscribe and re-render. Subscribers are
/// called without awaiting one another, so a slow circuit never holds up the scheduler.
/// </summary>
public sealed partial class PostEvents
{
    private readonly Lock _gate = new();
    private Func<PostStatusChanged, Task>[] _subscribers = [];
    private Func<MetricsChanged, Task>[] _metricSubscribers = [];

    public IDisposable Subscribe(Func<PostStatusChanged, Task> handler)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, handler];
        }

        return new Subscription(this, handler);
    }

    public void Publish(PostStatusChanged change)
    {
        foreach (var subscriber in _subscribers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await subscriber(change);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A subscriber's failure is its own (a closed circuit, typically); others still hear the event.
                }
            });
        }
    }

    /// <summary>New metrics, comments or follower counts were stored (see <see cref="MetricsChanged"/>).</summary>
    public IDisposable SubscribeMetrics(Func<MetricsChanged, Task> handler)
    {
        lock (_gate)
        {
            _metricSubscribers = [.. _metricSubscribers, handler];
        }

        return new MetricSubscription(this, handler);
    }

    public void Publish(MetricsChanged change)
    {
        foreach (var subscriber in _metricSubscribers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await subscriber(change);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // As above: one subscriber's failure is its own.
                }
            });
        }
    }

    private void UnsubscribeMetrics(Func<MetricsChanged, Task> handler)
    {
        lock (_gate)
        {
            _metricSubscribers = [.. _metricSubscribers.Where(s => s != handler)];
        }
    }

    private sealed class MetricSubscription(PostEvents owner, Func<MetricsChanged, Task> handler) : IDisposable
    {
        public void Dispose() => owner.UnsubscribeMetrics(handler);
    }

    private void Unsubscribe(Func<PostStatusChanged, Task> handler)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != handler)];
        }
    }

    private sealed class Subscription(PostEvents owner, Func<PostStatusChanged, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(handler);
    }
}
