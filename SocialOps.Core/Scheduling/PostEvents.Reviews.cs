namespace SocialOps.Core.Scheduling;

/// <summary>A reviewer approved or sent back a post; its author (<see cref="AuthorId"/>) is told in the app.</summary>
public sealed record PostReviewed(int PostId, string? AuthorId, bool Approved, string? Comment, string Reviewer, DateTimeOffset At);

/// <summary>Review decisions travel on the same bus, so an author's open pages hear the outcome at once.</summary>
public sealed partial class PostEvents
{
    private Func<PostReviewed, Task>[] _reviewSubscribers = [];

    public IDisposable SubscribeReviews(Func<PostReviewed, Task> handler)
    {
        lock (_gate)
        {
            _reviewSubscribers = [.. _reviewSubscribers, handler];
        }

        return new ReviewSubscription(this, handler);
    }

    public void Publish(PostReviewed reviewed)
    {
        foreach (var subscriber in _reviewSubscribers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await subscriber(reviewed);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // As for status changes: one subscriber's failure is its own.
                }
            });
        }
    }

    private void UnsubscribeReviews(Func<PostReviewed, Task> handler)
    {
        lock (_gate)
        {
            _reviewSubscribers = [.. _reviewSubscribers.Where(s => s != handler)];
        }
    }

    private sealed class ReviewSubscription(PostEvents owner, Func<PostReviewed, Task> handler) : IDisposable
    {
        public void Dispose() => owner.UnsubscribeReviews(handler);
    }
}
