using Microsoft.Extensions.Logging;
using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// Publishes a post's first comment right after the post is confirmed, at most once: its state is saved as sent
/// (<see cref="PartState.Unknown"/>) before the platform is called, so a crash or a second run never sends it twice.
/// On a thread platform it is a reply of our own under the thread's last part; on Instagram, Facebook and LinkedIn a
/// comment under the post. Whatever becomes of it, the post stays Published.
/// </summary>
public sealed partial class FirstComments(
    IDbContextFactory<SocialOpsDbContext> contexts, IOptions<SchedulingOptions> options, PublisherRegistry publishers, AuditLog audit, TimeProvider time,
    ILogger<FirstComments> logger)
{
    public static string IdempotencyKey(int postId) => $"socialops-post-{postId.ToString(CultureInfo.InvariantCulture)}-comment";

    /// <summary>Sends the first comment of a post just published (in <paramref name="db"/>, which tracks it); nothing when it has none or it went already.</summary>
    public async Task PublishAsync(SocialOpsDbContext db, Post post, IPlatformPublisher publisher, CancellationToken ct)
    {
        if (!post.StartFirstComment(time.GetUtcNow()) || !await db.TrySaveAsync(ct))
        {
            return;
        }

        var (state, externalId, error) = await SendAsync(post, publisher, ct);
        post.SettleFirstComment(state, externalId, error, time.GetUtcNow());
        if (!await db.TrySaveAsync(CancellationToken.None))
        {
            // The post changed meanwhile (a series moved on, say): the comment's outcome goes on record all the same.
            await using var again = await contexts.CreateDbContextAsync(CancellationToken.None);
            var current = await again.Posts.SingleAsync(p => p.Id == post.Id, CancellationToken.None);
            current.SettleFirstComment(state, externalId, error, time.GetUtcNow());
            await again.TrySaveAsync(CancellationToken.None);
        }

        LogFirstComment(logger, post.Id, state);
    }

    /// <summary>
    /// Sends a post's failed first comment again, at once (Editor). Only a comment that failed is sent: one that went, or
    /// whose answer was lost, is refused with a <see cref="ConflictException"/>; two people asking at once send it once.
    /// Returns the comment's state afterwards, null when there is no such post.
    /// </summary>
    public async Task<PartState?> ResendAsync(int postId, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Parts).AsSplitQuery().SingleOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null)
        {
            return null;
        }

        post.RetryFirstComment(time.GetUtcNow());
        var publisher = publishers.For(post.Platform)
            ?? throw new ConflictException($"SocialOps cannot publish to {post.Platform} here.", post.Status.ToString());
        audit.Add(db, actor, "post.first_comment_resend", "Post", postId.ToString(CultureInfo.InvariantCulture), new { post.Platform });
        await PublishAsync(db, post, publisher, ct);

        await using var fresh = await contexts.CreateDbContextAsync(ct);
        return await fresh.Posts.Where(p => p.Id == postId).Select(p => p.FirstCommentState).SingleAsync(ct);
    }

    private async Task<(PartState State, string? ExternalId, string? Error)> SendAsync(Post post, IPlatformPublisher publisher, CancellationToken ct)
    {
        if (post.ExternalId is null)
        {
            return (PartState.Failed, null, "The post's id on the platform is not known, so there is nothing to comment under.");
        }

        var last = post.Parts.Where(p => p.State == PartState.Published).MaxBy(p => p.Index);
        var reply = new ThreadReply(post.ExternalId, post.ExternalCid, last?.ExternalId ?? post.ExternalId, last is null ? post.ExternalCid : last.ExternalCid);
        var request = new PublishRequest(post.Id, post.AccountId, post.FirstComment!.Trim(), [], [], IdempotencyKey(post.Id), ReplyTo: reply);
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.PublishTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            var result = await publisher.PublishAsync(request, linked.Token);
            return (PartState.Published, result.ExternalId, null);
        }
        catch (PublishException ex) when (ex.Kind == PublishFailureKind.Unknown)
        {
            return (PartState.Unknown, null, Clip($"No answer from {post.Platform}: check whether the comment appeared. {ex.Message}"));
        }
        catch (PublishException ex)
        {
            return (PartState.Failed, null, Clip(ex.Message));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (PartState.Unknown, null, Clip($"No answer from {post.Platform}: check whether the comment appeared ({ex.GetType().Name})."));
        }
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000];

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} first comment: {State}")]
    private static partial void LogFirstComment(ILogger logger, int postId, PartState state);
}
