using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Links;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

public sealed record MarkPublishedRequest(string? ExternalUrl);

public sealed record MarkFailedRequest(string? Reason);

/// <summary>
/// Settles an Unconfirmed post: the platform is asked first; where it cannot tell, a person who checked says what
/// happened ("mark as published", "mark as failed"). Every decision is audited.
/// </summary>
public sealed class PostOutcomes(
    IDbContextFactory<SocialOpsDbContext> contexts,
    PublisherRegistry publishers,
    LinkService links,
    PostTriggers triggers,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>
    /// Asks the post's platform whether the post exists (by its idempotency key, record key or recent posts). For a thread
    /// whose first post is out already (load its parts), the question is about the first part that did not land.
    /// </summary>
    public async Task<PlatformAnswer> AskPlatformAsync(Post post, CancellationToken ct)
    {
        if (publishers.For(post.Platform) is not { } publisher)
        {
            return new PlatformAnswer.CannotTell($"No connector for {post.Platform} is set up.");
        }

        if (post.HeadConfirmed)
        {
            return post.NextPart is { } part
                ? await PlatformAnswer.AskAsync(post.Platform, "post", token => publisher.FindAsync(PostPublisher.PartRequest(post, part), token), ct)
                : new PlatformAnswer.Found(new PublishResult(post.ExternalId!, post.ExternalUrl, post.ExternalCid));
        }

        // Looked up by the text that went out: with tracked links, the short links (the same codes, made once per post).
        return await PlatformAnswer.AskAsync(post.Platform, "post",
            async token => await publisher.FindAsync(PostPublisher.Request(post, await PostPublisher.PublishTextAsync(links, post, token)), token), ct);
    }

    /// <summary>The user checked the platform and found the post there (optionally with its link).</summary>
    public Task<(ScheduledResult? Result, ValidationErrors Errors)> MarkPublishedAsync(int id, MarkPublishedRequest request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var errors = new ValidationErrors();
        var url = request.ExternalUrl?.Trim();
        if (!string.IsNullOrEmpty(url) && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            errors.Add("externalUrl", "Give the post's web address (https://…), or leave it empty.");
            return Task.FromResult<(ScheduledResult?, ValidationErrors)>((null, errors));
        }

        return SettleAsync(id, actor, errors, "post.mark_published", new { externalUrl = url }, (post, attempt, now) =>
        {
            post.MarkPublished(null, string.IsNullOrEmpty(url) ? null : url, attempt?.StartedAt ?? now, $"Marked as published by {actor.Name}.", now);
            if (attempt is not null)
            {
                attempt.ExternalUrl = post.ExternalUrl;
            }
        }, ct);
    }

    /// <summary>The user checked the platform and the post is not there: it stays off, as Failed.</summary>
    public Task<(ScheduledResult? Result, ValidationErrors Errors)> MarkFailedAsync(int id, MarkFailedRequest request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var reason = request.Reason?.Trim();
        var errors = new ValidationErrors();
        if (reason is { Length: > 500 })
        {
            errors.Add("reason", "At most 500 characters.");
            return Task.FromResult<(ScheduledResult?, ValidationErrors)>((null, errors));
        }

        return SettleAsync(id, actor, errors, "post.mark_failed", new { reason }, (post, _, now) =>
            post.MarkFailed(string.IsNullOrEmpty(reason) ? $"Marked as failed by {actor.Name}." : $"Marked as failed by {actor.Name}: {reason}", now), ct);
    }

    /// <summary>Records what the platform reported for a post found there after an unknown outcome.</summary>
    public Task<(ScheduledResult? Result, ValidationErrors Errors)> RecordFoundAsync(int id, PublishResult found, Actor actor, CancellationToken ct = default) =>
        SettleAsync(id, actor, new ValidationErrors(), "post.confirmed_by_platform", new { found.ExternalId }, (post, attempt, now) =>
        {
            post.MarkPublished(found.ExternalId, found.ExternalUrl, attempt?.StartedAt ?? now, null, now);
            if (attempt is not null)
            {
                (attempt.Outcome, attempt.ExternalId, attempt.ExternalUrl) = (PublishOutcome.Succeeded, found.ExternalId, found.ExternalUrl);
            }
        }, ct);

    private async Task<(ScheduledResult? Result, ValidationErrors Errors)> SettleAsync(
        int id, Actor actor, ValidationErrors errors, string action, object details, Action<Post, PublishAttempt?, DateTimeOffset> settle, CancellationToken ct)
    {
        actor.Require(Access.Editor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Attempts).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return (null, errors);
        }

        if (post.Status != PostStatus.Unconfirmed)
        {
            throw new ConflictException($"Only an Unconfirmed post can be marked; this one is {post.Status}.", post.Status.ToString());
        }

        var now = time.GetUtcNow();
        var attempt = post.Attempts.Where(a => a.Outcome == PublishOutcome.Unknown).MaxBy(a => a.AttemptNumber);
        settle(post, attempt, now);
        audit.Add(db, actor, action, "Post", post.Id.ToString(CultureInfo.InvariantCulture), details);
        await db.SaveOrConflictAsync("The post changed while this request ran; reload it and try again.", ct);
        await triggers.RemoveAsync(post.Id, ct);
        return (new ScheduledResult(post.Id, post.Status.ToString(), post.ScheduledFor), errors);
    }
}
