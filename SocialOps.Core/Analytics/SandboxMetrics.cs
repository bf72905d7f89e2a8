using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>A Sandbox post's counters as a platform would report them; a null audience (impressions, reach) is one the platform does not report.</summary>
public sealed record SandboxCounts(long? Likes, long? Comments, long? Shares, long? Saves, long? Clicks, long? Impressions, long? Reach);

/// <summary>The snapshot recorded, or why none was: <see cref="Errors"/> by field, or <see cref="NotFound"/> for an unknown post.</summary>
public sealed record SandboxMetricsResult(PostMetricSnapshot? Snapshot, ValidationErrors? Errors = null, string? NotFound = null);

/// <summary>
/// Counters for a published Sandbox post, recorded exactly as a connector's metrics run records them: one snapshot taken
/// now, the roll-up kept in the same save, the change announced. Every analytics figure can so be demonstrated and
/// worked out by hand with no platform.
/// </summary>
public sealed class SandboxMetrics(IDbContextFactory<SocialOpsDbContext> contexts, TimeProvider time)
{
    public async Task<SandboxMetricsResult> RecordAsync(int postId, SandboxCounts counts, Actor actor, CancellationToken ct)
    {
        actor.Require(Access.Editor);
        var errors = new ValidationErrors();
        foreach (var (field, value) in new[]
                 {
                     ("likes", counts.Likes), ("comments", counts.Comments), ("shares", counts.Shares), ("saves", counts.Saves),
                     ("clicks", counts.Clicks), ("impressions", counts.Impressions), ("reach", counts.Reach),
                 })
        {
            if (value < 0)
            {
                errors.Add(field, $"{field} cannot be negative.");
            }
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.AsNoTracking().Include(p => p.Account).SingleOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null)
        {
            return new(null, NotFound: $"There is no post {postId}.");
        }

        if (!(post.Account?.PublishesToSandbox ?? post.Platform == Platform.Sandbox))
        {
            errors.Add("postId", "Metrics can be recorded only for a post of a Sandbox or demo account; a real platform reports its own.");
        }
        else if (post.Status != PostStatus.Published)
        {
            errors.Add("postId", $"Post {postId} is not published ({post.Status}); a platform reports counters only for what it published.");
        }

        var now = time.GetUtcNow();
        if (errors.Count == 0 && await db.PostMetricSnapshots.AnyAsync(s => s.PostId == postId && s.TakenAt == now, ct))
        {
            errors.Add("postId", "This post already has counters recorded at this very instant; send them again in a moment.");
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var snapshot = new PostMetricSnapshot
        {
            PostId = post.Id, TakenAt = now, Likes = counts.Likes ?? 0, Comments = counts.Comments ?? 0, Shares = counts.Shares ?? 0,
            Saves = counts.Saves ?? 0, Clicks = counts.Clicks ?? 0, Impressions = counts.Impressions ?? 0, Reach = counts.Reach ?? 0,
        };
        db.PostMetricSnapshots.Add(snapshot);
        await db.SaveChangesAsync(ct);
        return new(snapshot);
    }
}
