using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

/// <summary>New comments, replies or mentions stored (and analysed) for a connection (none: imported or added to the Sandbox directly).</summary>
public sealed record InteractionsArrived(int? AccountId, Platform Platform, IReadOnlyList<long> InteractionIds, DateTimeOffset At);

/// <summary>The same bus carries what ingestion brings in, so the inbox and dashboards refresh live.</summary>
public sealed partial class PostEvents
{
    private Func<InteractionsArrived, Task>[] _interactionSubscribers = [];

    public IDisposable SubscribeInteractions(Func<InteractionsArrived, Task> handler)
    {
        lock (_gate)
        {
            _interactionSubscribers = [.. _interactionSubscribers, handler];
        }

        return new InteractionSubscription(this, handler);
    }

    public void Publish(InteractionsArrived arrived)
    {
        foreach (var subscriber in _interactionSubscribers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await subscriber(arrived);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // As for status changes: one subscriber's failure is its own.
                }
            });
        }
    }

    private void Unsubscribe(Func<InteractionsArrived, Task> handler)
    {
        lock (_gate)
        {
            _interactionSubscribers = [.. _interactionSubscribers.Where(s => s != handler)];
        }
    }

    private sealed class InteractionSubscription(PostEvents owner, Func<InteractionsArrived, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(handler);
    }
}
