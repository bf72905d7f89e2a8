using SocialOps.Core.Publishing;

namespace SocialOps.Core.Content;

public sealed record PostRow(int Id, Platform Platform, string Content, PostStatus Status, DateTimeOffset? ScheduledFor, DateTimeOffset? PublishedAt, string? StatusReason, string? ExternalUrl, bool IsDemo);

public sealed record PostFilter(IReadOnlyCollection<PostStatus>? Statuses = null, Platform? Platform = null, string? Search = null);

public sealed class PostQueries(IDbContextFactory<SocialOpsDbContext> contexts)
{
    /// <summary>Statuses that need someone to look at them.</summary>
    public static readonly PostStatus[] NeedsAttention = [PostStatus.Failed, PostStatus.Missed, PostStatus.Unconfirmed];

    public async Task<(IReadOnlyList<PostRow> Items, int Total)> ListAsync(PostFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var term = filter.Search?.Trim();
        var query = db.Posts.AsNoTracking()
            .WhereIf(filter.Statuses is { Count: > 0 }, p => filter.Statuses!.Contains(p.Status))
            .WhereIf(filter.Platform is not null, p => p.Platform == filter.Platform)
            .WhereIf(!string.IsNullOrEmpty(term), p => p.Content.Contains(term!));
        var total = await query.CountAsync(ct);
        var items = await query
            .OrderByDescending(p => p.ScheduledFor ?? p.CreatedAt)
            .ThenByDescending(p => p.Id)
            .Skip(skip).Take(take)
            .Select(p => new PostRow(p.Id, p.Platform, p.Content, p.Status, p.ScheduledFor, p.PublishedAt, p.StatusReason, p.ExternalUrl, p.IsDemo))
            .ToListAsync(ct);
        return (items, total);
    }
}
