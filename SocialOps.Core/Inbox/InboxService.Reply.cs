using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Inbox;

public sealed partial class InboxService
{
    /// <summary>A reply still marked as sending after this long was interrupted; it may be sent again under the same key.</summary>
    public static readonly TimeSpan StaleSending = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Sends a reply through the item's connection (the Sandbox records it) and marks the item replied. The same text for
    /// the same item is sent once: a repeat answers with the item as it is, sending nothing.
    /// </summary>
    public async Task<InboxOutcome> ReplyAsync(long id, string? text, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var reply = text?.Trim() ?? "";
        await using var read = await contexts.CreateDbContextAsync(ct);
        var interaction = await read.Interactions.AsNoTracking().Include(i => i.Account).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (interaction is null)
        {
            return InboxOutcome.NotFound(id);
        }

        if (reply.Length == 0)
        {
            return InboxOutcome.Invalid("text", "The reply is empty.");
        }

        var account = interaction.Account;
        if (Check(interaction.Platform, account, reply) is { } problem)
        {
            return problem;
        }

        var viaSandbox = account?.PublishesToSandbox ?? interaction.Platform == Platform.Sandbox;
        var replier = viaSandbox ? null : connectors.FirstOrDefault(c => c.Platform == interaction.Platform) as ICommentReplier;
        if (!viaSandbox && replier is null)
        {
            return InboxOutcome.Conflict($"{interaction.Platform} does not take replies through SocialOps; answer on the platform, then mark the item handled.");
        }

        var key = KeyOf(id, reply);
        if (await ClaimAsync(id, key, reply, actor, ct) is { } claimed)
        {
            return claimed;
        }

        PublishResult result;
        Connection? connection = null;
        try
        {
            if (viaSandbox)
            {
                result = await sandbox.ReplyAsync(id, reply, key, ct);
            }
            else
            {
                // As publishing does: an X sign-in's token lasts two hours, so a reply renews it first rather than fail with "reconnect".
                connection = await store.OpenAsync(account!, ct);
                result = await replier!.ReplyAsync(connection, interaction.ExternalId, reply, key, ct);
                await store.RecordAsync(connection, null, CancellationToken.None);
            }
        }
        catch (PublishException ex)
        {
            if (connection is not null)
            {
                await store.RecordAsync(connection, ex, CancellationToken.None);
            }

            await FailAsync(id, key, ex.Message, actor);
            LogReplyFailed(logger, id, interaction.Platform, ex.Message);
            return new InboxOutcome(null, InboxFailure.PlatformRefused, $"{interaction.Platform} refused the reply: {ex.Message}");
        }

        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var row = await db.InboxReplies.SingleAsync(r => r.InteractionId == id && r.Key == key, CancellationToken.None);
        (row.Status, row.SentAt, row.ExternalId, row.Error) = (ReplyStatus.Sent, time.GetUtcNow(), result.ExternalId, null);
        if (await db.SentimentResults.SingleOrDefaultAsync(s => s.InteractionId == id, CancellationToken.None) is { } state)
        {
            state.Handle(HandledState.Replied, null, actor.UserId, time.GetUtcNow());
        }

        audit.Add(db, actor, "inbox.reply", "interaction", Key(id), new { platform = interaction.Platform.ToString().ToLowerInvariant(), length = reply.Length });
        await db.SaveChangesAsync(CancellationToken.None);
        return (await OutcomeAsync(id, CancellationToken.None)) with { Sent = true };
    }

    /// <summary>Why this text cannot go to this item's platform, or null.</summary>
    private static InboxOutcome? Check(Platform platform, PlatformAccount? account, string reply)
    {
        if (account?.RemovedAt is not null)
        {
            return InboxOutcome.Conflict($"The connection '{account.DisplayName}' was removed, so the reply cannot be sent; answer on the platform, then mark the item handled.");
        }

        if (account is null && platform != Platform.Sandbox)
        {
            return InboxOutcome.Conflict($"This item has no {platform} connection to reply through; answer on the platform, then mark the item handled.");
        }

        if (account is { IsPaused: true })
        {
            return InboxOutcome.Conflict($"The connection '{account.DisplayName}' is paused; resume it in Settings → Connections to reply.");
        }

        var limits = ContentRules.For(platform);
        var max = account?.MaxLength ?? limits.MaxLength;
        var length = ContentRules.Length(reply, limits.Counting);
        if (length > max)
        {
            return InboxOutcome.Invalid("text", $"{length} characters is over {platform}'s limit of {max}.");
        }

        return limits.MaxBytes is { } maxBytes && Encoding.UTF8.GetByteCount(reply) is var bytes && bytes > maxBytes
            ? InboxOutcome.Invalid("text", $"{bytes} bytes is over {platform}'s limit of {maxBytes} bytes.")
            : null;
    }

    /// <summary>
    /// Records the reply as being sent, under its unique key. Returns null when this call may send; otherwise the answer
    /// (already sent: the item unchanged; being sent right now: a conflict).
    /// </summary>
    private async Task<InboxOutcome?> ClaimAsync(long id, string key, string text, Actor actor, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        db.InboxReplies.Add(new InboxReply { InteractionId = id, Key = key, Text = text, Status = ReplyStatus.Sending, SentById = actor.UserId, CreatedAt = now });
        if (await db.TrySaveAsync(duplicatesConflict: true, ct))
        {
            return null;
        }

        // The unique key: this text was sent (or is being sent) for this item before.

        await using var again = await contexts.CreateDbContextAsync(ct);
        var existing = await again.InboxReplies.AsNoTracking().SingleAsync(r => r.InteractionId == id && r.Key == key, ct);
        if (existing.Status == ReplyStatus.Sent)
        {
            return new InboxOutcome(await queries.GetAsync(id, ct));
        }

        // A failed or interrupted attempt may be tried again; the platform sees the same idempotency key.
        var stale = now - StaleSending;
        var retaken = await again.InboxReplies
            .Where(r => r.Id == existing.Id && (r.Status == ReplyStatus.Failed || (r.Status == ReplyStatus.Sending && r.CreatedAt < stale)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReplyStatus.Sending).SetProperty(r => r.CreatedAt, now), ct);
        return retaken == 1 ? null : InboxOutcome.Conflict("This reply is being sent right now; it goes out once.");
    }

    private async Task FailAsync(long id, string key, string error, Actor actor)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var row = await db.InboxReplies.SingleAsync(r => r.InteractionId == id && r.Key == key, CancellationToken.None);
        (row.Status, row.Error) = (ReplyStatus.Failed, error.Length > 1000 ? error[..1000] : error);
        audit.Add(db, actor, "inbox.reply_failed", "interaction", Key(id), new { reason = row.Error });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The idempotency key of one text for one item: the same on every attempt, different for another text.</summary>
    public static string KeyOf(long id, string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{id}\n{text}")));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply to interaction {InteractionId} on {Platform} failed: {Reason}")]
    private static partial void LogReplyFailed(ILogger logger, long interactionId, Platform platform, string reason);
}
