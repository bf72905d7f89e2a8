namespace SocialOps.Core.Publishing.Sandbox;

/// <summary>What the Sandbox holds: its publications and the replies it received.</summary>
public sealed class SandboxQueries(IDbContextFactory<SocialOpsDbContext> contexts)
{
    public const int DefaultTake = 1000;
    public const int MaxTake = 10_000;

    /// <summary>Publications, newest first (of one post when <paramref name="postId"/> is given), with how many there are in all.</summary>
    public async Task<(IReadOnlyList<SandboxPublication> Items, int Total)> PublicationsAsync(int? postId, int? take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.SandboxPublications.AsNoTracking().WhereIf(postId is not null, p => p.PostId == postId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(p => p.Id).Take(Math.Clamp(take ?? DefaultTake, 1, MaxTake)).ToListAsync(ct);
        return (items, total);
    }

    public async Task<SandboxPublication?> PublicationAsync(long id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.SandboxPublications.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
    }

    /// <summary>Replies, oldest first (to one interaction when <paramref name="interactionId"/> is given).</summary>
    public async Task<IReadOnlyList<SandboxReply>> RepliesAsync(long? interactionId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.SandboxReplies.AsNoTracking().WhereIf(interactionId is not null, r => r.InteractionId == interactionId).OrderBy(r => r.Id).Take(MaxTake).ToListAsync(ct);
    }
}
