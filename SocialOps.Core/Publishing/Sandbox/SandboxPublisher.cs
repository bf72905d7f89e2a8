namespace SocialOps.Core.Publishing.Sandbox;

/// <summary>
/// Publishes into the local Sandbox table: SocialOps works end to end with no platform account. When failures are armed
/// (<see cref="SandboxFailures"/>), publications and replies fail as a platform's would.
/// </summary>
public sealed class SandboxPublisher(IDbContextFactory<SocialOpsDbContext> contexts, SandboxFailures failures, TimeProvider time) : IPlatformPublisher
{
    public Platform Platform => Platform.Sandbox;

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var failure = await failures.TakeAsync(cancellationToken);
        if (failure is SandboxFailureMode.Transient or SandboxFailureMode.Permanent)
        {
            throw SandboxFailures.Failure(failure.Value, "publication");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var publication = new SandboxPublication
        {
            PostId = request.PostId,
            IdempotencyKey = request.IdempotencyKey,
            Content = request.Content,
            Hashtags = [.. request.Hashtags],
            PublishedAt = time.GetUtcNow(),
            InReplyTo = request.ReplyTo?.ParentId,
        };
        db.SandboxPublications.Add(publication);
        await db.SaveChangesAsync(cancellationToken);
        return failure is { } lost ? throw SandboxFailures.Failure(lost, "publication") : ToResult(publication);
    }

    public async Task<PublishResult?> FindAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var publication = await db.SandboxPublications.AsNoTracking()
            .Where(p => p.IdempotencyKey == request.IdempotencyKey)
            .OrderBy(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return publication is null ? null : ToResult(publication);
    }

    /// <summary>Records a reply to a comment; a repeated key records nothing new and answers with the first reply.</summary>
    public async Task<PublishResult> ReplyAsync(long interactionId, string text, string idempotencyKey, CancellationToken cancellationToken)
    {
        var failure = await failures.TakeAsync(cancellationToken);
        if (failure is SandboxFailureMode.Transient or SandboxFailureMode.Permanent)
        {
            throw SandboxFailures.Failure(failure.Value, "reply");
        }

        var result = await RecordReplyAsync(interactionId, text, idempotencyKey, cancellationToken);
        return failure is { } lost ? throw SandboxFailures.Failure(lost, "reply") : result;
    }

    /// <summary>The reply recorded under this key, or null: the Sandbox keeps every reply it received, so it always knows.</summary>
    public async Task<PublishResult?> FindReplyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reply = await db.SandboxReplies.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == idempotencyKey, cancellationToken);
        return reply is null ? null : new PublishResult(reply.Id.ToString(CultureInfo.InvariantCulture), null);
    }

    private async Task<PublishResult> RecordReplyAsync(long interactionId, string text, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.SandboxReplies.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == idempotencyKey, cancellationToken) is { } existing)
        {
            return new PublishResult(existing.Id.ToString(CultureInfo.InvariantCulture), null);
        }

        var reply = new SandboxReply { InteractionId = interactionId, IdempotencyKey = idempotencyKey, Text = text, SentAt = time.GetUtcNow() };
        db.SandboxReplies.Add(reply);
        if (!await db.TrySaveAsync(duplicatesConflict: true, cancellationToken))
        {
            // The same key raced in from elsewhere: the unique index kept one row; answer with it.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            var first = await again.SandboxReplies.AsNoTracking().SingleAsync(r => r.IdempotencyKey == idempotencyKey, cancellationToken);
            return new PublishResult(first.Id.ToString(CultureInfo.InvariantCulture), null);
        }

        return new PublishResult(reply.Id.ToString(CultureInfo.InvariantCulture), null);
    }

    /// <summary>Where a Sandbox publication can be seen (served by the Sandbox API).</summary>
    public static string UrlOf(long id) => $"/api/sandbox/posts/{id.ToString(CultureInfo.InvariantCulture)}";

    private static PublishResult ToResult(SandboxPublication p) => new(p.Id.ToString(CultureInfo.InvariantCulture), UrlOf(p.Id));
}
