using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

/// <summary>A request to put a post into an account's queue.</summary>
public sealed record QueueRequest(int? AccountId, string? Content, List<string>? Hashtags = null, List<string>? MediaReferences = null, bool ShareNext = false);

/// <summary>One post waiting in a queue.</summary>
public sealed record QueuedPost(int Id, string Content, PostStatus Status, DateTimeOffset At);

/// <summary>
/// Each account's posting queue: queued posts take the account's weekly slots in order. Adding takes the next free slot
/// ("share next" the first); when a queued post leaves (cancelled, published now) the later ones move up. Slots taken by
/// posts scheduled at a time of their own are skipped.
/// </summary>
public sealed class PostingQueues(
    IDbContextFactory<SocialOpsDbContext> contexts,
    ScheduleValidator validator,
    ApprovalRules approvals,
    PostTriggers triggers,
    AuditLog audit,
    TimeProvider time)
{
    private static readonly PostStatus[] Waiting = [PostStatus.Scheduled, PostStatus.PendingApproval];

    /// <summary>Queues a new post. Errors by field (<c>accountId</c>, <c>content</c>, <c>hashtags</c>, <c>slots</c>) when it cannot.</summary>
    public async Task<(ScheduledResult? Result, ValidationErrors Errors)> AddAsync(QueueRequest request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var errors = new ValidationErrors();
        var account = await AccountAsync(request.AccountId, errors, ct);
        var (content, hashtags) = validator.ValidateText(account?.Platform ?? Platform.Sandbox, request.Content, request.Hashtags, request.MediaReferences ?? [], errors);
        if (errors.Count > 0 || account is null)
        {
            return (null, errors);
        }

        var now = time.GetUtcNow();
        var post = new Post
        {
            Platform = account.Platform, AccountId = account.Id, Content = content, Hashtags = hashtags, MediaReferences = [.. request.MediaReferences ?? []],
            CreatedById = actor.UserId, CreatedAt = now,
        };
        return await PlaceAsync(account, post, request.ShareNext, actor, "post.queue", errors, ct);
    }

    /// <summary>Sends a draft to its account's queue (next free slot, or the first with <paramref name="shareNext"/>).</summary>
    public async Task<(ScheduledResult? Result, ValidationErrors Errors)> AddDraftAsync(int postId, bool shareNext, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var errors = new ValidationErrors();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var draft = await db.Posts.AsNoTracking().SingleOrDefaultAsync(p => p.Id == postId, ct);
        if (draft is null)
        {
            errors.Add("status", "There is no such draft.");
            return (null, errors);
        }

        if (draft.Status != PostStatus.Draft)
        {
            throw new ConflictException($"Only a draft can be sent to the queue; this post is {draft.Status}.", draft.Status.ToString());
        }

        var account = await AccountAsync(draft.AccountId, errors, ct);
        validator.ValidateText(draft.Platform, draft.Content, draft.Hashtags, draft.MediaReferences, errors);
        if (errors.Count > 0 || account is null)
        {
            return (null, errors);
        }

        return await PlaceAsync(account, draft, shareNext, actor, "post.queue", errors, ct);
    }

    public async Task<IReadOnlyList<QueuedPost>> ListAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Posts.AsNoTracking().Where(p => p.AccountId == accountId && p.InQueue && Waiting.Contains(p.Status))
            .OrderBy(p => p.ScheduledFor).ThenBy(p => p.Id)
            .Select(p => new QueuedPost(p.Id, p.Content, p.Status, p.ScheduledFor!.Value)).ToListAsync(ct);
    }

    /// <summary>An account's zone and weekly slots; null when there is no such account.</summary>
    public async Task<(string TimeZone, IReadOnlyList<string> Slots)?> SlotsAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.AsNoTracking().Where(a => a.Id == accountId && a.RemovedAt == null)
            .Select(a => new { a.TimeZone, a.QueueSlots }).SingleOrDefaultAsync(ct);
        return account is null ? null : (account.TimeZone, account.QueueSlots);
    }

    /// <summary>Closes gaps: the account's queued posts take its first free slots, in their order.</summary>
    public async Task CloseGapAsync(int? accountId, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        if (accountId is null)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return;
        }

        var moved = await RepackAsync(db, account, null, false, ct);
        if (moved.Count > 0)
        {
            audit.Add(db, actor, "queue.close_gap", "Account", Id(account.Id), new { moved = moved.Count });
        }

        await SaveAndTriggerAsync(db, moved, ct);
    }

    /// <summary>Replaces an account's weekly slots (already-queued posts move to the new slots).</summary>
    public async Task<ValidationErrors> SetSlotsAsync(int accountId, IEnumerable<string> texts, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        var errors = new ValidationErrors();
        var problems = new List<string>();
        var slots = QueueSlot.ParseAll(texts, problems);
        foreach (var problem in problems)
        {
            errors.Add("slots", problem);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.SingleOrDefaultAsync(a => a.Id == accountId && a.RemovedAt == null, ct);
        if (account is null)
        {
            errors.Add("accountId", $"No account has id {accountId}.");
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        audit.Add(db, actor, "queue.slots", "Account", Id(accountId), new { from = account!.QueueSlots, to = slots.Select(s => s.ToString()) });
        account.QueueSlots = [.. slots.Select(s => s.ToString())];
        await db.SaveChangesAsync(ct);
        var moved = await RepackAsync(db, account, null, false, ct);
        await SaveAndTriggerAsync(db, moved, ct);
        return errors;
    }

    private async Task<(ScheduledResult? Result, ValidationErrors Errors)> PlaceAsync(
        PlatformAccount account, Post post, bool shareNext, Actor actor, string action, ValidationErrors errors, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (post.Id == 0)
        {
            db.Posts.Add(post);
        }
        else
        {
            db.Posts.Attach(post);
        }

        post.Queue((await approvals.AccountsNeedingAsync(db, actor, [account.Id], ct)).Contains(account.Id), time.GetUtcNow());
        var moved = await RepackAsync(db, account, post, shareNext, ct);
        if (post.ScheduledFor is null)
        {
            errors.Add("slots", account.QueueSlots.Count == 0
                ? $"{account.DisplayName} has no queue slots yet: add some in Settings → Connections."
                : $"{account.DisplayName} has no free queue slot in the coming year.");
            return (null, errors);
        }

        await db.SaveChangesAsync(ct);
        audit.Add(db, actor, action, "Post", Id(post.Id), new { accountId = account.Id, at = post.ScheduledFor, shareNext, status = post.Status.ToString() });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await TriggerAsync(moved.Append(post).Distinct(), ct);
        return (new ScheduledResult(post.Id, post.Status.ToString(), post.ScheduledFor), errors);
    }

    /// <summary>
    /// Gives the account's queued posts (with <paramref name="joining"/> at the end, or first when <paramref name="first"/>)
    /// the first free slots in order. Returns the posts whose time changed; the caller saves.
    /// </summary>
    private async Task<List<Post>> RepackAsync(SocialOpsDbContext db, PlatformAccount account, Post? joining, bool first, CancellationToken ct)
    {
        var queued = await db.Posts.Where(p => p.AccountId == account.Id && p.InQueue && Waiting.Contains(p.Status) && p.Id != (joining == null ? 0 : joining.Id))
            .OrderBy(p => p.ScheduledFor).ThenBy(p => p.Id).ToListAsync(ct);
        if (joining is not null)
        {
            queued.Insert(first ? 0 : queued.Count, joining);
        }

        var ids = queued.Select(p => p.Id).ToList();
        var taken = (await db.Posts.AsNoTracking()
                .Where(p => p.AccountId == account.Id && !ids.Contains(p.Id) && p.ScheduledFor != null
                    && (p.Status == PostStatus.Scheduled || p.Status == PostStatus.PendingApproval || p.Status == PostStatus.Retrying || p.Status == PostStatus.Publishing))
                .Select(p => p.ScheduledFor!.Value).ToListAsync(ct))
            .Select(t => t.UtcTicks).ToHashSet();
        var zone = Zones.Find(account.TimeZone) ?? TimeZoneInfo.Utc;
        var slots = QueueSlot.ParseAll(account.QueueSlots, []);
        var free = QueueSlot.Upcoming(slots, zone, time.GetUtcNow()).Where(t => taken.Add(t.UtcTicks)).Take(queued.Count).ToList();
        var moved = new List<Post>();
        for (var i = 0; i < queued.Count; i++)
        {
            var at = i < free.Count ? free[i] : (DateTimeOffset?)null;
            if (queued[i].ScheduledFor != at && at is not null)
            {
                queued[i].TakeSlot(at.Value, time.GetUtcNow());
                moved.Add(queued[i]);
            }
        }

        return moved;
    }

    private async Task SaveAndTriggerAsync(SocialOpsDbContext db, List<Post> moved, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await TriggerAsync(moved, ct);
    }

    private async Task TriggerAsync(IEnumerable<Post> posts, CancellationToken ct)
    {
        foreach (var post in posts)
        {
            if (post.Status == PostStatus.Scheduled)
            {
                await triggers.MoveAsync(post.Id, post.ScheduledFor!.Value, ct);
            }
            else
            {
                await triggers.RemoveAsync(post.Id, ct);
            }
        }
    }

    private async Task<PlatformAccount?> AccountAsync(int? accountId, ValidationErrors errors, CancellationToken ct)
    {
        if (accountId is not { } id)
        {
            errors.Add("accountId", "Which account's queue? Give accountId.");
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.IsActive && a.RemovedAt == null, ct);
        if (account is null)
        {
            errors.Add("accountId", $"No active account has id {id}.");
        }

        return account;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
