using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Inbox;

/// <summary>
/// Replies whose outcome is unknown, settled as posts are (<c>PostOutcomes</c>): the platform is asked first, by the
/// reply's key where it keeps one (the Sandbox, Bluesky's record key) or by our text under the comment; found, the reply
/// is sent; surely not there, it is sent again; where the platform cannot tell, a person who checked decides ("send
/// again", "mark as sent"). A platform that answers a repeated idempotency key with the first reply (Mastodon, for an
/// hour) is the one case sent again without asking anyone.
/// </summary>
public sealed partial class InboxService
{
    /// <summary>The person checked the platform and found the reply there: it is recorded as sent, the item as replied.</summary>
    public async Task<InboxOutcome> MarkReplySentAsync(long id, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var (target, row, problem) = await UnsettledTargetAsync(id, ct);
        if (target is null)
        {
            return problem!;
        }

        return await ConfirmAsync(target, row!.Key, null, actor, "inbox.reply_marked_sent", $"marked as sent by {actor.Name}");
    }

    /// <summary>
    /// The person checked the platform and the reply is not there: it is sent again under the same key (the platform is
    /// asked once more first, so a reply that has appeared meanwhile is recorded rather than doubled).
    /// </summary>
    public async Task<InboxOutcome> ReplyAgainAsync(long id, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var (target, row, problem) = await UnsettledTargetAsync(id, ct);
        if (target is null)
        {
            return problem!;
        }

        await audit.WriteAsync(actor, "inbox.reply_send_again", "interaction", Key(id), ct: ct);
        return await SettleAsync(target, row!, actor, personChecked: true, ct);
    }

    /// <summary>The item's reply whose outcome is unknown (Unconfirmed, or interrupted while sending), if it has one.</summary>
    private async Task<InboxReply?> UnsettledAsync(long id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var stale = time.GetUtcNow() - StaleSending;
        return await db.InboxReplies.AsNoTracking()
            .Where(r => r.InteractionId == id && (r.Status == ReplyStatus.Unconfirmed || (r.Status == ReplyStatus.Sending && (r.LastAttemptAt ?? r.CreatedAt) < stale)))
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    private async Task<(ReplyTarget? Target, InboxReply? Row, InboxOutcome? Problem)> UnsettledTargetAsync(long id, CancellationToken ct)
    {
        if (await UnsettledAsync(id, ct) is not { } row)
        {
            return (null, null, await queries.GetAsync(id, ct) is null
                ? InboxOutcome.NotFound(id)
                : InboxOutcome.Conflict("This item has no reply whose outcome is unknown."));
        }

        var (target, problem) = await TargetAsync(id, row.Text, ct);
        return (target, row, problem);
    }

    /// <summary>Asks the platform about a reply whose outcome is unknown, then records it as sent, sends it again, or leaves it to a person.</summary>
    private async Task<InboxOutcome> SettleAsync(ReplyTarget target, InboxReply row, Actor actor, bool personChecked, CancellationToken ct)
    {
        var platform = target.Interaction.Platform;
        var answer = await AskAsync(target, row, ct);
        if (answer is PlatformAnswer.Found { Publication: var found })
        {
            return await ConfirmAsync(target, row.Key, found.ExternalId, actor, "inbox.reply_confirmed_by_platform", $"found on {platform}");
        }

        var now = time.GetUtcNow();
        if (answer is PlatformAnswer.CannotTell { Reason: var reason } && !personChecked && !KeyStillKept(target, row, now))
        {
            if (row.Status == ReplyStatus.Sending)
            {
                await UnconfirmAsync(target.Interaction.Id, row.Key, "Interrupted while sending; " + reason, actor);
            }

            return InboxOutcome.Conflict($"{reason} The reply may already be on {platform}, so it was not sent again: check {platform}, then choose Send again or Mark as sent.");
        }

        // Surely not there, or the platform keeps the key, or a person checked: sending again cannot double it.
        return await RetakeAsync(row, now, ct) ? await SendAsync(target, row.Key, row.Text, actor, ct) : Busy;
    }

    private async Task<PlatformAnswer> AskAsync(ReplyTarget target, InboxReply row, CancellationToken ct)
    {
        if (target.ViaSandbox)
        {
            return await PlatformAnswer.AskAsync(Platform.Sandbox, "reply", token => sandbox.FindReplyAsync(row.Key, token), ct);
        }

        var lookup = new ReplyLookup(target.Interaction.ExternalId, row.Text, row.Key, row.CreatedAt);
        return await PlatformAnswer.AskAsync(target.Interaction.Platform, "reply", async token =>
        {
            var connection = await store.OpenAsync(target.Account!, token);
            return await target.Replier!.FindReplyAsync(connection, lookup, token);
        }, ct);
    }

    /// <summary>The platform still answers this reply's key with the first reply (a margin kept for clocks and the lookup itself).</summary>
    private static bool KeyStillKept(ReplyTarget target, InboxReply row, DateTimeOffset now) =>
        target.Replier?.KeyKeptFor is { } kept && now - row.CreatedAt < kept - TimeSpan.FromMinutes(5);
}
