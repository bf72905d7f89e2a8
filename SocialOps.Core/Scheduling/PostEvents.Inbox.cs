namespace SocialOps.Core.Scheduling;

/// <summary>
/// Interactions the team acted on (replied, handled, escalated, reopened, assigned, re-analysed, corrected); open inboxes
/// reload those items. <see cref="Change"/> is the action's name, e.g. <c>replied</c>.
/// </summary>
public sealed record InteractionsChanged(IReadOnlyList<long> InteractionIds, string Change, DateTimeOffset At);

/// <summary>The inbox's own events ride on the same bus.</summary>
public sealed partial class PostEvents
{
    private Func<InteractionsChanged, Task>[] _changeSubscribers = [];

    public IDisposable SubscribeInteractionChanges(Func<InteractionsChanged, Task> handler)
    {
        lock (_gate)
        {
            _changeSubscribers = [.. _changeSubscribers, handler];
        }

        return new ChangeSubscription(this, handler);
    }

    public void Publish(InteractionsChanged change)
    {
        foreach (var subscriber in _changeSubscribers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await subscriber(change);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // As for the other events: one subscriber's failure is its own.
                }
            });
        }
    }

    private void UnsubscribeChanges(Func<InteractionsChanged, Task> handler)
    {
        lock (_gate)
        {
            _changeSubscribers = [.. _changeSubscribers.Where(s => s != handler)];
        }
    }

    private sealed class ChangeSubscription(PostEvents owner, Func<InteractionsChanged, Task> handler) : IDisposable
    {
        public void Dispose() => owner.UnsubscribeChanges(handler);
    }
}
