using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Workflow;

/// <summary>A draft as listed: <see cref="ReviewComment"/> is set when a reviewer sent it back.</summary>
public sealed record DraftItem(int Id, Platform Platform, int? AccountId, string? AccountName, string Content, List<string> Hashtags,
    List<string> MediaReferences, DateTimeOffset? PlannedFor, string? ReviewComment, DateTimeOffset UpdatedAt);

/// <summary>Listing and deleting drafts (saving and editing them go through PostPlanner and SchedulingService).</summary>
public sealed class Drafts(IDbContextFactory<SocialOpsDbContext> contexts, AuditLog audit, TimeProvider time)
{
    /// <summary>Drafts, newest first; <paramref name="unplannedOnly"/> keeps those without a planned time (the calendar's tray).</summary>
    public async Task<IReadOnlyList<DraftItem>> ListAsync(bool unplannedOnly = false, int take = 200, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Posts.AsNoTracking().Where(p => p.Status == PostStatus.Draft).WhereIf(unplannedOnly, p => p.ScheduledFor == null)
            .OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id).Take(Math.Clamp(take, 1, 500))
            .Select(p => new DraftItem(p.Id, p.Platform, p.AccountId, p.Account == null ? null : p.Account.DisplayName, p.Content, p.Hashtags,
                p.MediaReferences, p.ScheduledFor, p.ReviewComment, p.UpdatedAt))
            .ToListAsync(ct);
    }

    public async Task<bool> IsDraftAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Posts.AnyAsync(p => p.Id == id && p.Status == PostStatus.Draft, ct);
    }

    /// <summary>Deletes a draft; false when there is none with that id (a post that is no longer a draft is a conflict).</summary>
    public async Task<bool> DeleteAsync(int id, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return false;
        }

        post.Discard(time.GetUtcNow());
        db.Posts.Remove(post);
        audit.Add(db, actor, "post.draft_delete", "Post", id.ToString(CultureInfo.InvariantCulture), new { post.Platform, content = post.Content });
        await db.SaveOrConflictAsync("The draft changed meanwhile (it may have been scheduled); reload it and try again.", ct);
        return true;
    }
}
