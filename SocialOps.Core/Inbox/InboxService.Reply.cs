using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Inbox;

public sealed partial class InboxService
{
    /// <summary>A reply still marked as sending after this long was interrupted; its outcome is unknown.</summary>
    public static readonly TimeSpan StaleSending = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Sends a reply through the item's connection (the Sandbox records it) and marks the item replied. The same text for
    /// the same item is sent once: a repeat answers with the item as it is, sending nothing. When an earlier attempt's
    /// answer was lost (the reply is Unconfirmed, or was interrupted), the platform is asked first and nothing is sent
    /// unless it surely does not have the reply (<see cref="InboxService.ReplyAgainAsync"/> is the person's decision).
    /// </summary>
    public async Task<InboxOutcome> ReplyAsync(long id, string? text, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var reply = text?.Trim() ?? "";
        var (target, problem) = await TargetAsync(id, reply, ct);
        if (target is null)
        {
            return problem!;
        }

        var key = KeyOf(id, reply);
        if (await UnsettledAsync(id, ct) is { } earlier && earlier.Key != key)
        {
            return InboxOutcome.Conflict("An earlier reply to this item may have gone out (its answer was lost). Check the platform, then send it again or mark it as sent, before replying with another text.");
        }

        var (answer, unsettled) = await ClaimAsync(id, key, reply, actor, ct);
        return answer ?? (unsettled is null
            ? await SendAsync(target, key, reply, actor, ct)
            : await SettleAsync(target, unsettled, actor, personChecked: false, ct));
    }

    /// <summary>Where a reply to the item goes, or why it cannot go.</summary>
    private sealed record ReplyTarget(Interaction Interaction, PlatformAccount? Account, ICommentReplier? Replier, bool ViaSandbox);

    private async Task<(ReplyTarget? Target, InboxOutcome? Problem)> TargetAsync(long id, string reply, CancellationToken ct)
    {
        await using var read = await contexts.CreateDbContextAsync(ct);
        var interaction = await read.Interactions.AsNoTracking().Include(i => i.Account).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (interaction is null)
        {
            return (null, InboxOutcome.NotFound(id));
        }

        if (reply.Length == 0)
        {
            return (null, InboxOutcome.Invalid("text", "The reply is empty."));
        }

        var account = interaction.Account;
        if (Check(interaction.Platform, account, reply) is { } problem)
        {
            return (null, problem);
        }

        var viaSandbox = account?.PublishesToSandbox ?? interaction.Platform == Platform.Sandbox;
        var replier = viaSandbox ? null : connectors.FirstOrDefault(c => c.Platform == interaction.Platform) as ICommentReplier;
        return !viaSandbox && replier is null
            ? (null, InboxOutcome.Conflict($"{interaction.Platform} does not take replies through SocialOps; answer on the platform, then mark the item handled."))
            : (new ReplyTarget(interaction, account, replier, viaSandbox), null);
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
    /// Records the reply as being sent, under its unique key. Answers (null, null) when this call may send; the answer
    /// when it must not (already sent: the item unchanged; being sent right now: a conflict); or the earlier attempt whose
    /// outcome is unknown, to be settled before anything is sent.
    /// </summary>
    private async Task<(InboxOutcome? Answer, InboxReply? Unsettled)> ClaimAsync(long id, string key, string text, Actor actor, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        db.InboxReplies.Add(new InboxReply
        {
            InteractionId = id, Key = key, Text = text, Status = ReplyStatus.Sending, SentById = actor.UserId, CreatedAt = now, LastAttemptAt = now,
        });
        if (await db.TrySaveAsync(duplicatesConflict: true, ct))
        {
            return (null, null);
        }

        // The unique key: this text was sent (or is being sent) for this item before.
        await using var again = await contexts.CreateDbContextAsync(ct);
        var existing = await again.InboxReplies.AsNoTracking().SingleAsync(r => r.InteractionId == id && r.Key == key, ct);
        switch (existing.Status)
        {
            case ReplyStatus.Sent:
                return (new InboxOutcome(await queries.GetAsync(id, ct)), null);
            case ReplyStatus.Unconfirmed:
                return (null, existing);
            case ReplyStatus.Sending when IsStale(existing, now):
                // Interrupted (a crash, a lost request): it may have gone out, so it is settled like a lost answer.
                return (null, existing);
            case ReplyStatus.Failed:
                // The platform refused it: nothing went out, so it may be sent again.
                return await RetakeAsync(existing, now, ct) ? (null, null) : (Busy, null);
            default:
                return (Busy, null);
        }
    }

    private static InboxOutcome Busy => InboxOutcome.Conflict("This reply is being sent right now; it goes out once.");

    private static bool IsStale(InboxReply reply, DateTimeOffset now) => (reply.LastAttemptAt ?? reply.CreatedAt) < now - StaleSending;

    /// <summary>Takes the reply for a new attempt, if it is still as it was read (so two callers never both send it).</summary>
    private async Task<bool> RetakeAsync(InboxReply reply, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var attempted = reply.LastAttemptAt;
        return await db.InboxReplies
            .Where(r => r.Id == reply.Id && r.Status == reply.Status && r.LastAttemptAt == attempted)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReplyStatus.Sending).SetProperty(r => r.LastAttemptAt, now).SetProperty(r => r.Error, (string?)null), ct) == 1;
    }

    /// <summary>Sends a reply this call has claimed, and records what happened: sent, refused (Failed) or unknown (Unconfirmed).</summary>
    private async Task<InboxOutcome> SendAsync(ReplyTarget target, string key, string text, Actor actor, CancellationToken ct)
    {
        var (id, platform) = (target.Interaction.Id, target.Interaction.Platform);
        PublishResult result;
        Connection? connection = null;
        try
        {
            if (target.ViaSandbox)
            {
                result = await sandbox.ReplyAsync(id, text, key, ct);
            }
            else
            {
                // As publishing does: an X sign-in's token lasts two hours, so a reply renews it first rather than fail with "reconnect".
                connection = await store.OpenAsync(target.Account!, ct);
                result = await target.Replier!.ReplyAsync(connection, target.Interaction.ExternalId, text, key, ct);
                await store.RecordAsync(connection, null, CancellationToken.None);
            }
        }
        catch (PublishException ex) when (!MayHaveGoneOut(ex))
        {
            if (connection is not null)
            {
                await store.RecordAsync(connection, ex, CancellationToken.None);
            }

            await FailAsync(id, key, ex.Message, actor);
            LogReplyFailed(logger, id, platform, ex.Message);
            return new InboxOutcome(null, InboxFailure.PlatformRefused, $"{platform} refused the reply: {ex.Message}");
        }
        catch (Exception ex) when (ex is PublishException or HttpRequestException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            if (connection is not null && ex is PublishException lost)
            {
                await store.RecordAsync(connection, lost, CancellationToken.None);
            }

            var message = ex is PublishException ? ex.Message : $"{platform} did not answer ({ex.GetType().Name}).";
            await UnconfirmAsync(id, key, message, actor);
            LogReplyUnconfirmed(logger, id, platform, message);
            return new InboxOutcome(await queries.GetAsync(id, CancellationToken.None), InboxFailure.Unconfirmed,
                $"{message} The reply may have reached {platform}: it is not sent again until {platform} is asked, or someone checks and decides.");
        }

        return await ConfirmAsync(target, key, result.ExternalId, actor, "inbox.reply", null) with { Sent = true };
    }

    /// <summary>
    /// The request went out and the answer is lost: a timeout, a broken connection, or a 5xx that may come after the
    /// platform stored it (a 503 or 429 is a refusal: nothing was stored).
    /// </summary>
    private static bool MayHaveGoneOut(PublishException ex) =>
        ex.Kind == PublishFailureKind.Unknown || (ex.Kind == PublishFailureKind.Transient && ex.HttpStatus is 500 or 502 or 504);

    private async Task FailAsync(long id, string key, string error, Actor actor)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var row = await db.InboxReplies.SingleAsync(r => r.InteractionId == id && r.Key == key, CancellationToken.None);
        (row.Status, row.Error) = (ReplyStatus.Failed, Clip(error));
        audit.Add(db, actor, "inbox.reply_failed", "interaction", Key(id), new { reason = row.Error });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task UnconfirmAsync(long id, string key, string error, Actor actor)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var row = await db.InboxReplies.SingleAsync(r => r.InteractionId == id && r.Key == key, CancellationToken.None);
        row.Unconfirm(Clip(error), time.GetUtcNow());
        audit.Add(db, actor, "inbox.reply_unconfirmed", "interaction", Key(id), new { reason = row.Error });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Records the reply as sent (by the platform's answer, its lookup, or a person) and the item as replied, in one save.</summary>
    private async Task<InboxOutcome> ConfirmAsync(ReplyTarget target, string key, string? externalId, Actor actor, string action, string? how)
    {
        var id = target.Interaction.Id;
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var row = await db.InboxReplies.SingleAsync(r => r.InteractionId == id && r.Key == key, CancellationToken.None);
        var now = time.GetUtcNow();
        (row.Status, row.SentAt, row.ExternalId, row.Error) = (ReplyStatus.Sent, how is null ? now : row.LastAttemptAt ?? row.CreatedAt, externalId ?? row.ExternalId, null);
        if (await db.Interactions.SingleOrDefaultAsync(i => i.Id == id, CancellationToken.None) is { } item)
        {
            item.Handle(HandledState.Replied, null, actor.UserId, now);
        }

        audit.Add(db, actor, action, "interaction", Key(id), new { platform = target.Interaction.Platform.ToString().ToLowerInvariant(), length = row.Text.Length, externalId, how });
        await db.SaveChangesAsync(CancellationToken.None);
        return await OutcomeAsync(id, CancellationToken.None);
    }

    private static string Clip(string error) => error.Length > 1000 ? error[..1000] : error;

    /// <summary>The idempotency key of one text for one item: the same on every attempt, different for another text.</summary>
    public static string KeyOf(long id, string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{id}\n{text}")));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply to interaction {InteractionId} on {Platform} failed: {Reason}")]
    private static partial void LogReplyFailed(ILogger logger, long interactionId, Platform platform, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply to interaction {InteractionId} on {Platform} is unconfirmed: {Reason}")]
    private static partial void LogReplyUnconfirmed(ILogger logger, long interactionId, Platform platform, string reason);
}
