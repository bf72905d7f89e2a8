using System.Collections.Concurrent;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Scheduling;

/// <summary>A removed connection's posts that have not gone out are called off, and its series end, in the removal's save.</summary>
internal sealed class ConnectionPosts(IDbContextFactory<SocialOpsDbContext> contexts, PostTriggers triggers) : IConnectionFollower
{
    /// <summary>What a removal calls off: every post of the account that has not gone out or failed.</summary>
    private static readonly PostStatus[] CalledOff = [PostStatus.Draft, PostStatus.PendingApproval, PostStatus.Scheduled, PostStatus.Retrying, PostStatus.Missed];

    private readonly ConcurrentDictionary<int, int[]> _removing = new();

    public async Task<int> PendingPostsAsync(int accountId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Posts.CountAsync(p => p.AccountId == accountId && CalledOff.Contains(p.Status), ct);
    }

    public async Task<int> RemovingAsync(SocialOpsDbContext db, int accountId, DateTimeOffset now, CancellationToken ct)
    {
        var pending = await db.Posts.Where(p => p.AccountId == accountId && CalledOff.Contains(p.Status)).ToListAsync(ct);
        foreach (var post in pending)
        {
            post.Cancel("Its connection was removed.", now);
        }

        foreach (var series in await db.Schedules.Where(s => s.SeriesAccountId == accountId && s.IsActive).ToListAsync(ct))
        {
            series.End(now);
        }

        _removing[accountId] = [.. pending.Select(p => p.Id)];
        return pending.Count;
    }

    public async Task RemovedAsync(int accountId, CancellationToken ct)
    {
        foreach (var id in _removing.TryRemove(accountId, out var ids) ? ids : [])
        {
            await triggers.RemoveAsync(id, ct);
        }
    }
}
