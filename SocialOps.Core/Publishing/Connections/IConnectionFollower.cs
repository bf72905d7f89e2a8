namespace SocialOps.Core.Publishing.Connections;

/// <summary>
/// A feature that keeps something for each connection (its posts, its fetch job): told when one is added, and given its
/// say in a removal inside the removal's own save, so connections need to know none of those features.
/// </summary>
public interface IConnectionFollower
{
    /// <summary>A connection was stored.</summary>
    Task AddedAsync(PlatformAccount account, CancellationToken ct) => Task.CompletedTask;

    /// <summary>How many posts removing the connection would call off (for the confirmation).</summary>
    Task<int> PendingPostsAsync(int accountId, CancellationToken ct) => Task.FromResult(0);

    /// <summary>In the removal's unit of work, before it is saved: lets go of what it keeps; returns how many posts it called off.</summary>
    Task<int> RemovingAsync(SocialOpsDbContext db, int accountId, DateTimeOffset now, CancellationToken ct) => Task.FromResult(0);

    /// <summary>Once the removal is saved.</summary>
    Task RemovedAsync(int accountId, CancellationToken ct) => Task.CompletedTask;
}
