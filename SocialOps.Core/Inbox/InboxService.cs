using Microsoft.Extensions.Logging;
using SocialOps.Core.Audit;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Inbox;

public enum InboxFailure
{
    None,
    NotFound,
    Invalid,
    Conflict,
    PlatformRefused,

    /// <summary>The reply went out and the answer was lost: the item is as it was, its reply Unconfirmed.</summary>
    Unconfirmed,
}

/// <summary>The outcome of an inbox action: the item as it is now, or why nothing changed (<see cref="Field"/> for bad input).</summary>
public sealed record InboxOutcome(InboxItem? Item, InboxFailure Failure = InboxFailure.None, string? Message = null, string? Field = null, bool Sent = false)
{
    public static InboxOutcome NotFound(long id) => new(null, InboxFailure.NotFound, $"There is no inbox item {id}.");

    public static InboxOutcome Invalid(string field, string message) => new(null, InboxFailure.Invalid, message, field);

    public static InboxOutcome Conflict(string message) => new(null, InboxFailure.Conflict, message);
}

/// <summary>
/// What the team does with an interaction: reply (through its connection, once), mark handled, escalate, reopen, assign,
/// re-analyse, correct. Every action is audited with the change in the same save, and announced on the bus.
/// </summary>
public sealed partial class InboxService(
    IDbContextFactory<SocialOpsDbContext> contexts, InboxQueries queries, SentimentService sentiment, AuditLog audit,
    IEnumerable<IConnector> connectors, ConnectionStore store, SandboxPublisher sandbox, TimeProvider time, ILogger<InboxService> logger)
{
    public const int MaxNoteLength = 1000;
    public const int MaxBulk = 500;

    /// <summary>Sets the state of one or more items (handled, escalated or open again); "replied" comes only from a reply.</summary>
    public async Task<InboxOutcome> SetStateAsync(IReadOnlyList<long> ids, HandledState state, string? note, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        if (state == HandledState.Replied)
        {
            return InboxOutcome.Invalid("state", "An item becomes replied by sending a reply (POST /api/inbox/{id}/reply); use handled, escalated or open.");
        }

        if ((note?.Length ?? 0) > MaxNoteLength)
        {
            return InboxOutcome.Invalid("note", $"The note is at most {MaxNoteLength} characters.");
        }

        if (Limit(ids) is { } tooMany)
        {
            return tooMany;
        }

        await EnsureAnalysedAsync(ids, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Interactions.Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return InboxOutcome.NotFound(ids[0]);
        }

        var now = time.GetUtcNow();
        foreach (var row in rows)
        {
            var before = row.State;
            row.Handle(state, note, actor.UserId, now);
            audit.Add(db, actor, "inbox.state", "interaction", Key(row.Id), new { from = before.Name(), to = state.Name(), note = row.HandledNote });
        }

        await db.SaveChangesAsync(ct);
        return await OutcomeAsync(rows[0].Id, ct);
    }

    /// <summary>Assigns items to a teammate (a user id), or to nobody with null.</summary>
    public async Task<InboxOutcome> AssignAsync(IReadOnlyList<long> ids, string? userId, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        if (Limit(ids) is { } tooMany)
        {
            return tooMany;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var assignee = string.IsNullOrWhiteSpace(userId) ? null : userId.Trim();
        if (assignee is not null && !await db.Users.AnyAsync(u => u.Id == assignee, ct))
        {
            return InboxOutcome.Invalid("userId", $"There is no user '{assignee}'.");
        }

        var rows = await db.Interactions.Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return InboxOutcome.NotFound(ids[0]);
        }

        var now = time.GetUtcNow();
        var by = actor.UserId is { } byId && await db.Users.AsNoTracking().Where(u => u.Id == byId).Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(ct) is { } user
            ? AppUser.ShownName(user.DisplayName, user.Email, byId)
            : AppUser.ShownName(null, actor.Name, actor.Name);
        foreach (var row in rows)
        {
            audit.Add(db, actor, "inbox.assign", "interaction", Key(row.Id), new { from = row.AssignedToId, to = assignee });
            row.AssignTo(assignee, now, actor.UserId, by);
        }

        await db.SaveChangesAsync(ct);
        return await OutcomeAsync(rows[0].Id, ct);
    }

    /// <summary>Runs the engine again over one item (its state is kept).</summary>
    public async Task<InboxOutcome> ReanalyseAsync(long id, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (await db.Interactions.AsNoTracking().Where(i => i.Id == id).Select(i => i.Text).SingleOrDefaultAsync(ct) is not { } text)
            {
                return InboxOutcome.NotFound(id);
            }

            await sentiment.AnalyzeAsync([new AnalyzeItem(text, id)], actor, ct);
        }

        await audit.WriteAsync(actor, "inbox.reanalyse", "interaction", Key(id), ct: ct);
        return await OutcomeAsync(id, ct);
    }

    /// <summary>Stores a teammate's reading of the sentiment and intent (kept as training data) and shows it from now on.</summary>
    public async Task<InboxOutcome> CorrectAsync(long id, SentimentLabel label, Intent intent, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        await EnsureAnalysedAsync([id], ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var interaction = await db.Interactions.Include(i => i.Sentiment).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (interaction?.Sentiment is not { } result)
        {
            return InboxOutcome.NotFound(id);
        }

        db.SentimentCorrections.Add(new SentimentCorrection
        {
            InteractionId = id, Text = interaction.Text, PreviousLabel = result.Label, PreviousIntent = result.Intent,
            Label = label, Intent = intent, ById = actor.UserId, At = time.GetUtcNow(),
        });
        audit.Add(db, actor, "inbox.correct", "interaction", Key(id),
            new { from = new { sentiment = result.Label.Name(), intent = result.Intent.Name() }, to = new { sentiment = label.Name(), intent = intent.Name() } });
        interaction.Correct(label, intent, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await OutcomeAsync(id, ct);
    }

    public async Task<IReadOnlyList<SentimentCorrection>> CorrectionsAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.SentimentCorrections.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
    }

    /// <summary>Items stored before they could be analysed get their analysis now, so they have a state to change.</summary>
    private async Task EnsureAnalysedAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var pending = await db.Interactions.AsNoTracking().Where(i => ids.Contains(i.Id) && i.Sentiment == null)
            .Select(i => new AnalyzeItem(i.Text, i.Id)).ToListAsync(ct);
        foreach (var batch in pending.Chunk(100))
        {
            await sentiment.AnalyzeAsync(batch, Actor.System, ct);
        }
    }

    private async Task<InboxOutcome> OutcomeAsync(long id, CancellationToken ct) => new(await queries.GetAsync(id, ct));

    private static InboxOutcome? Limit(IReadOnlyList<long> ids) =>
        ids.Count == 0 ? InboxOutcome.Invalid("ids", "Choose at least one item.")
        : ids.Count > MaxBulk ? InboxOutcome.Invalid("ids", $"At most {MaxBulk} items at once.")
        : null;

    private static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
