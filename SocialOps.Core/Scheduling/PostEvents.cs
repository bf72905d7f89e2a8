using SocialOps.Core.Analytics;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

public sealed record PostStatusChanged(int PostId, Platform Platform, PostStatus Status, DateTimeOffset? ScheduledFor, DateTimeOffset At)
{
    public static PostStatusChanged Of(Post post, DateTimeOffset at) => new(post.Id, post.Platform, post.Status, post.ScheduledFor, at);
}

/// <summary>New comments, replies or mentions stored (and analysed) for a connection (none: imported or added to the Sandbox directly).</summary>
public sealed record InteractionsArrived(int? AccountId, Platform Platform, IReadOnlyList<long> InteractionIds, DateTimeOffset At);

/// <summary>
/// Interactions the team acted on (replied, handled, escalated, reopened, assigned, re-analysed, corrected); open inboxes
/// reload those items. <see cref="Change"/> is the action's name, e.g. <c>replied</c>.
/// </summary>
public sealed record InteractionsChanged(IReadOnlyList<long> InteractionIds, string Change, DateTimeOffset At);

/// <summary>A reviewer approved or sent back a post; its author (<see cref="AuthorId"/>) is told in the app.</summary>
public sealed record PostReviewed(int PostId, string? AuthorId, bool Approved, string? Comment, string Reviewer, DateTimeOffset At);

/// <summary>
/// The one in-process bus: post state changes, metrics, comments arriving, inbox actions and review decisions.
/// Interactive pages subscribe and re-render. Subscribers are called without awaiting one another, so a slow circuit
/// never holds up the scheduler; events are small records, ready to be carried between instances.
/// </summary>
public sealed class PostEvents
{
    private readonly Subscribers<PostStatusChanged> _posts = new();
    private readonly Subscribers<MetricsChanged> _metrics = new();
    private readonly Subscribers<InteractionsArrived> _arrivals = new();
    private readonly Subscribers<InteractionsChanged> _inbox = new();
    private readonly Subscribers<PostReviewed> _reviews = new();

    public IDisposable Subscribe(Func<PostStatusChanged, Task> handler) => _posts.Add(handler);

    public void Publish(PostStatusChanged change) => _posts.Publish(change);

    /// <summary>New metrics, comments or follower counts were stored (see <see cref="MetricsChanged"/>).</summary>
    public IDisposable SubscribeMetrics(Func<MetricsChanged, Task> handler) => _metrics.Add(handler);

    public void Publish(MetricsChanged change) => _metrics.Publish(change);

    /// <summary>What ingestion brought in, so the inbox and dashboards refresh live.</summary>
    public IDisposable SubscribeInteractions(Func<InteractionsArrived, Task> handler) => _arrivals.Add(handler);

    public void Publish(InteractionsArrived arrived) => _arrivals.Publish(arrived);

    /// <summary>What the team did in the inbox; open inboxes reload those items.</summary>
    public IDisposable SubscribeInteractionChanges(Func<InteractionsChanged, Task> handler) => _inbox.Add(handler);

    public void Publish(InteractionsChanged change) => _inbox.Publish(change);

    /// <summary>Review decisions, so an author's open pages hear the outcome at once.</summary>
    public IDisposable SubscribeReviews(Func<PostReviewed, Task> handler) => _reviews.Add(handler);

    public void Publish(PostReviewed reviewed) => _reviews.Publish(reviewed);

    /// <summary>The handlers of one kind of event.</summary>
    private sealed class Subscribers<T>
    {
        private readonly Lock _gate = new();
        private Func<T, Task>[] _handlers = [];

        public IDisposable Add(Func<T, Task> handler)
        {
            lock (_gate)
            {
                _handlers = [.. _handlers, handler];
            }

            return new Subscription(this, handler);
        }

        public void Publish(T change)
        {
            foreach (var handler in _handlers)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await handler(change);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // A subscriber's failure is its own (a closed circuit, typically); others still hear the event.
                    }
                });
            }
        }

        private void Remove(Func<T, Task> handler)
        {
            lock (_gate)
            {
                _handlers = [.. _handlers.Where(h => h != handler)];
            }
        }

        private sealed class Subscription(Subscribers<T> owner, Func<T, Task> handler) : IDisposable
        {
            public void Dispose() => owner.Remove(handler);
        }
    }
}
