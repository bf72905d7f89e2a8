using System.Linq.Expressions;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Inbox;

/// <summary>
/// One queue entry. An interaction not analysed yet has no sentiment and counts as open. <see cref="Reply"/>: where the
/// latest reply to it stands, if there is one (Unconfirmed: it may have gone out, and waits to be settled).
/// </summary>
public sealed record InboxItem(
    long Id, Platform Platform, int? AccountId, string AuthorName, string? AuthorHandle, string Text, DateTimeOffset ReceivedAt,
    SentimentLabel? Sentiment, double? Score, double? Confidence, Intent? Intent, ResponsePriority? Priority, HandledState State,
    string? SuggestedReply, int? PostId, string? AssignedToId, ReplyStatus? Reply = null, string? ModelVersion = null)
{
    public bool IsOpen => State == HandledState.Open;

    /// <summary>What read it; null when it has not been analysed at all yet.</summary>
    public AnalysisEngine? Engine => ModelVersion is null ? null : AnalysisEngines.Of(ModelVersion);
}

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Total);

/// <summary>How many items each value of one filter would show, the other filters applied; <see cref="NeedsReply"/> likewise.</summary>
public sealed record InboxCounts(
    IReadOnlyDictionary<HandledState, int> States, IReadOnlyDictionary<Platform, int> Platforms,
    IReadOnlyDictionary<SentimentLabel, int> Sentiments, IReadOnlyDictionary<Intent, int> Intents, IReadOnlyDictionary<ResponsePriority, int> Priorities,
    int NeedsReply = 0);

/// <summary>Earlier messages under the same post, and what the team sent.</summary>
public sealed record ThreadMessage(string Author, string Text, DateTimeOffset At, bool FromTeam);

/// <summary>A reply whose answer was lost: what was sent, when, and what went wrong.</summary>
public sealed record UnconfirmedReply(string Text, DateTimeOffset At, string? Error);

public sealed record InboxDetail(
    InboxItem Item, IReadOnlyList<string> Keywords, string? PostText, string? PostUrl, IReadOnlyList<ThreadMessage> Thread, string? Note,
    string? ModelVersion, UnconfirmedReply? Unconfirmed = null);

public sealed class InboxQueries(IDbContextFactory<SocialOpsDbContext> contexts, TimeProvider time)
{
    public const int MaxPageSize = 200;

    /// <summary>Open items first, then by priority (urgent complaints, queries and purchase intent, praise, the rest), newest first.</summary>
    public async Task<InboxPage> SearchAsync(InboxFilter filter, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = Apply(db.Interactions.AsNoTracking(), filter);
        var total = await query.CountAsync(ct);
        var items = await Project(Order(query, filter.State is not null).Skip((Math.Max(page, 1) - 1) * Math.Clamp(pageSize, 1, MaxPageSize)).Take(Math.Clamp(pageSize, 1, MaxPageSize)))
            .ToListAsync(ct);
        return new InboxPage(items, total);
    }

    /// <summary>The items with these ids (those that exist), for refreshing a page in place.</summary>
    public async Task<IReadOnlyList<InboxItem>> FindAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Project(db.Interactions.AsNoTracking().Where(i => ids.Contains(i.Id))).ToListAsync(ct);
    }

    public async Task<InboxItem?> GetAsync(long id, CancellationToken ct = default) => (await FindAsync([id], ct)).SingleOrDefault();

    /// <summary>Whether an item passes the filter (a live arrival is shown only if it does).</summary>
    public async Task<IReadOnlyList<long>> MatchingAsync(InboxFilter filter, IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Apply(db.Interactions.AsNoTracking().Where(i => ids.Contains(i.Id)), filter).Select(i => i.Id).ToListAsync(ct);
    }

    /// <summary>
    /// One grouped query over the five counted dimensions (the other filters applied in SQL); each dimension's counts
    /// then apply every filter but its own, in memory, over at most a few thousand groups.
    /// </summary>
    public async Task<InboxCounts> CountsAsync(InboxFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var groups = await Apply(db.Interactions.AsNoTracking(), filter with { State = null, NeedsReply = false, Platform = null, Sentiment = null, Intent = null, Priority = null })
            .GroupBy(i => new
            {
                i.State,
                i.Platform,
                Label = i.Sentiment == null ? (SentimentLabel?)null : i.Sentiment.Label,
                Intent = i.Sentiment == null ? (Intent?)null : i.Sentiment.Intent,
                Priority = i.Sentiment == null ? (ResponsePriority?)null : i.Priority,
            })
            .Select(g => new { g.Key.State, g.Key.Platform, g.Key.Label, g.Key.Intent, g.Key.Priority, Count = g.Count() })
            .ToListAsync(ct);
        bool Keeps(HandledState state, Platform platform, SentimentLabel? label, Intent? intent, ResponsePriority? priority, string except) =>
            (except == "state" || filter.State is null || filter.State == state)
            && (except == "platform" || filter.Platform is null || filter.Platform == platform)
            && (except == "sentiment" || filter.Sentiment is null || filter.Sentiment == label)
            && (except == "intent" || filter.Intent is null || filter.Intent == intent)
            && (except == "priority" || filter.Priority is null || filter.Priority == priority);
        var states = groups.Where(g => Keeps(g.State, g.Platform, g.Label, g.Intent, g.Priority, "state")).GroupBy(g => g.State).ToDictionary(x => x.Key, x => x.Sum(g => g.Count));
        var platforms = groups.Where(g => Keeps(g.State, g.Platform, g.Label, g.Intent, g.Priority, "platform")).GroupBy(g => g.Platform).ToDictionary(x => x.Key, x => x.Sum(g => g.Count));
        var labels = groups.Where(g => g.Label is not null && Keeps(g.State, g.Platform, g.Label, g.Intent, g.Priority, "sentiment")).GroupBy(g => g.Label!.Value).ToDictionary(x => x.Key, x => x.Sum(g => g.Count));
        var intents = groups.Where(g => g.Intent is not null && Keeps(g.State, g.Platform, g.Label, g.Intent, g.Priority, "intent")).GroupBy(g => g.Intent!.Value).ToDictionary(x => x.Key, x => x.Sum(g => g.Count));
        var priorities = groups.Where(g => g.Priority is not null && Keeps(g.State, g.Platform, g.Label, g.Intent, g.Priority, "priority")).GroupBy(g => g.Priority!.Value).ToDictionary(x => x.Key, x => x.Sum(g => g.Count));
        var needsReply = await Apply(db.Interactions.AsNoTracking(), filter with { State = null, NeedsReply = true }).CountAsync(ct);
        return new InboxCounts(states, platforms, labels, intents, priorities, needsReply);
    }

    /// <summary>Everyone an item can be assigned to: id and the name to show.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> AssigneesAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        return [.. users.Select(u => (u.Id, Name: AppUser.ShownName(u.DisplayName, u.Email, u.Id))).OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// How many items need a reply: the navigation's badge and the dashboard's "Needs a reply", the same items the inbox's
    /// "needs a reply" queue lists.
    /// </summary>
    public async Task<int> NeedsReplyAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Apply(db.Interactions.AsNoTracking(), new InboxFilter(NeedsReply: true)).CountAsync(ct);
    }

    public async Task<InboxDetail?> DetailAsync(long id, CancellationToken ct = default)
    {
        if (await GetAsync(id, ct) is not { } item)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var sentiment = await db.SentimentResults.AsNoTracking().Where(s => s.InteractionId == id)
            .Select(s => new { s.Keywords, s.ModelVersion }).SingleOrDefaultAsync(ct);
        var note = await db.Interactions.AsNoTracking().Where(i => i.Id == id).Select(i => i.HandledNote).SingleOrDefaultAsync(ct);
        var post = item.PostId is { } postId
            ? await db.Posts.AsNoTracking().Where(p => p.Id == postId).Select(p => new { p.Content, p.ExternalUrl }).SingleOrDefaultAsync(ct)
            : null;
        var earlier = item.PostId is { } threadPost
            ? await db.Interactions.AsNoTracking().Where(i => i.PostId == threadPost && i.Id != id && i.ReceivedAt <= item.ReceivedAt)
                .OrderByDescending(i => i.ReceivedAt).Take(20).Select(i => new ThreadMessage(i.AuthorName, i.Text, i.ReceivedAt, false)).ToListAsync(ct)
            : [];
        var sent = await db.InboxReplies.AsNoTracking().Where(r => r.InteractionId == id && r.Status == ReplyStatus.Sent)
            .OrderBy(r => r.Id).Select(r => new ThreadMessage("You", r.Text, r.SentAt ?? r.CreatedAt, true)).ToListAsync(ct);
        var thread = earlier.OrderBy(m => m.At).Concat(sent).ToList();
        // A reply still sending long after it started was interrupted: it is as unconfirmed as one whose answer was lost.
        var stale = time.GetUtcNow() - InboxService.StaleSending;
        var unconfirmed = await db.InboxReplies.AsNoTracking()
            .Where(r => r.InteractionId == id && (r.Status == ReplyStatus.Unconfirmed || (r.Status == ReplyStatus.Sending && (r.LastAttemptAt ?? r.CreatedAt) < stale)))
            .OrderByDescending(r => r.Id).Select(r => new UnconfirmedReply(r.Text, r.LastAttemptAt ?? r.CreatedAt, r.Error)).FirstOrDefaultAsync(ct);
        return new InboxDetail(item, sentiment?.Keywords ?? [], post?.Content, post?.ExternalUrl, thread, note, sentiment?.ModelVersion, unconfirmed);
    }

    /// <summary>
    /// Needs a reply: open, and read as a complaint, a question or intent to buy, or in a language nothing could read; an
    /// item not read yet counts too, since nobody can say yet that it needs none.
    /// </summary>
    private static readonly Expression<Func<Interaction, bool>> NeedsReplyRule =
        i => i.State == HandledState.Open && (i.Sentiment == null || i.Sentiment.RequiresResponse);

    private static IQueryable<Interaction> Apply(IQueryable<Interaction> query, InboxFilter f)
    {
        if (f.State is { } state)
        {
            query = query.Where(i => i.State == state);
        }

        query = query
            .WhereIf(f.NeedsReply, NeedsReplyRule)
            .WhereIf(f.Platform is not null, i => i.Platform == f.Platform)
            .WhereIf(f.AccountId is not null, i => i.AccountId == f.AccountId)
            .WhereIf(f.Sentiment is not null, i => i.Sentiment != null && i.Sentiment.Label == f.Sentiment)
            .WhereIf(f.Intent is not null, i => i.Sentiment != null && i.Sentiment.Intent == f.Intent)
            .WhereIf(f.Priority is not null, i => i.Sentiment != null && i.Priority == f.Priority)
            .WhereIf(f.AssigneeId == InboxFilter.Unassigned, i => i.AssignedToId == null)
            .WhereIf(f.AssigneeId is { Length: > 0 } and not InboxFilter.Unassigned, i => i.AssignedToId == f.AssigneeId)
            .WhereIf(f.From is not null, i => i.ReceivedAt >= f.From)
            .WhereIf(f.To is not null, i => i.ReceivedAt < f.To);

        if (f.Query?.Trim() is { Length: > 0 } q)
        {
            // lower() on both sides: case-insensitive on SQLite and PostgreSQL alike, with no pattern characters to escape.
            // (The analyzers' culture-aware overloads have no SQL translation.)
            var needle = q.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862
            query = query.Where(i => i.Text.ToLower().Contains(needle) || i.AuthorName.ToLower().Contains(needle)
                || (i.AuthorHandle != null && i.AuthorHandle.ToLower().Contains(needle)));
#pragma warning restore CA1304, CA1311, CA1862
        }

        return query;
    }

    /// <summary>
    /// Open first, then the most pressing, then the newest. <paramref name="oneState"/>: the query holds one state only, so
    /// the order is the queue index's own (state, priority, instant, id) read backwards, with nothing left to sort.
    /// </summary>
    public static IOrderedQueryable<Interaction> Order(IQueryable<Interaction> query, bool oneState = false) => (oneState
            ? query.OrderByDescending(i => i.Priority)
            : query.OrderBy(i => i.State == HandledState.Open ? 0 : 1).ThenByDescending(i => i.Priority))
        .ThenByDescending(i => i.ReceivedAt)
        .ThenByDescending(i => i.Id);

    /// <summary>The same order in memory, for items merged into a page that is already shown.</summary>
    public static IOrderedEnumerable<InboxItem> Order(IEnumerable<InboxItem> items) => items
        .OrderBy(i => i.IsOpen ? 0 : 1)
        .ThenByDescending(i => i.Priority ?? ResponsePriority.Low)
        .ThenByDescending(i => i.ReceivedAt)
        .ThenByDescending(i => i.Id);

    /// <summary>The items as lists show them; a reply still sending long after it started counts as unconfirmed.</summary>
    private IQueryable<InboxItem> Project(IQueryable<Interaction> query)
    {
        var stale = time.GetUtcNow() - InboxService.StaleSending;
        return query.Select(i => new InboxItem(
            i.Id, i.Platform, i.AccountId, i.AuthorName, i.AuthorHandle, i.Text, i.ReceivedAt,
            i.Sentiment == null ? null : i.Sentiment.Label,
            i.Sentiment == null ? null : i.Sentiment.Score,
            i.Sentiment == null ? null : i.Sentiment.Confidence,
            i.Sentiment == null ? null : i.Sentiment.Intent,
            i.Sentiment == null ? null : i.Priority,
            i.State,
            i.Sentiment == null ? null : i.Sentiment.SuggestedReply,
            i.PostId, i.AssignedToId,
            i.Replies.OrderByDescending(r => r.Id)
                .Select(r => (ReplyStatus?)(r.Status == ReplyStatus.Sending && (r.LastAttemptAt ?? r.CreatedAt) < stale ? ReplyStatus.Unconfirmed : r.Status))
                .FirstOrDefault(),
            i.Sentiment == null ? null : i.Sentiment.ModelVersion));
    }
}
