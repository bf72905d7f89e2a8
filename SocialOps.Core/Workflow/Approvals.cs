using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Workflow;

/// <summary>A post waiting for review. <see cref="Version"/> is what the reviewer saw: a decision on another version is refused.</summary>
public sealed record ReviewItem(int Id, Platform Platform, string? AccountName, string Content, List<string> Hashtags, DateTimeOffset? ScheduledFor,
    string? TimeZone, string? Author, long Version, bool InQueue);

/// <summary>
/// Approval of the post's <c>Version</c> as reviewed (from the review list); <c>ScheduledTime</c> (in <c>TimeZone</c>) is a new
/// time, needed when the post's own has passed meanwhile.
/// </summary>
public sealed record ApproveRequest(long? Version, string? ScheduledTime = null, string? TimeZone = null);

public sealed record RejectRequest(long? Version, string? Comment);

/// <summary>
/// Approving and rejecting what Editors schedule while approvals are on. Approved posts are scheduled; rejected ones go back
/// to their author as drafts with the reviewer's comment. Every decision is audited.
/// </summary>
public sealed class Approvals(
    IDbContextFactory<SocialOpsDbContext> contexts,
    ScheduleValidator validator,
    PostTriggers triggers,
    PostingQueues queue,
    AuditLog audit,
    TimeProvider time)
{
    public const int MaxComment = 2000;

    private const string EditedMeanwhile = "The post was edited while you decided: review it again.";

    public async Task<IReadOnlyList<ReviewItem>> PendingAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Posts.AsNoTracking().Where(p => p.Status == PostStatus.PendingApproval)
            .OrderBy(p => p.ScheduledFor).ThenBy(p => p.Id)
            .Select(p => new
            {
                p.Id, p.Platform, Account = p.Account == null ? null : p.Account.DisplayName, p.Content, p.Hashtags, p.ScheduledFor,
                Zone = p.Schedule != null ? p.Schedule.TimeZone : p.Account != null ? p.Account.TimeZone : null,
                Author = db.Users.Where(u => u.Id == p.CreatedById).Select(u => u.Email).FirstOrDefault(), p.Version, p.InQueue,
            })
            .Take(500).ToListAsync(ct);
        return [.. rows.Select(r => new ReviewItem(r.Id, r.Platform, r.Account, r.Content, r.Hashtags, r.ScheduledFor, r.Zone, r.Author, r.Version, r.InQueue))];
    }

    public Task<int> CountAsync(CancellationToken ct = default) => CountPendingAsync(ct);

    /// <summary>Schedules a reviewed post. Null when there is no such post; otherwise the errors say why it was not approved.</summary>
    public async Task<(ScheduledResult? Result, ValidationErrors Errors)?> ApproveAsync(int id, ApproveRequest request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Approver);
        var errors = new ValidationErrors();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Schedule).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return null;
        }

        if (!Reviewable(post, request.Version, errors))
        {
            return (null, errors);
        }

        var at = post.ScheduledFor;
        if (!string.IsNullOrWhiteSpace(request.ScheduledTime))
        {
            at = validator.ValidateInstant(request.ScheduledTime, request.TimeZone ?? post.Schedule?.TimeZone, errors);
        }
        else if (at is null || at < time.GetUtcNow())
        {
            errors.Add("scheduledTime", $"Its time ({at:yyyy-MM-dd HH:mm} UTC) has passed while it waited: give a new time to approve it.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        audit.Add(db, actor, "post.approve", "Post", Id(post), new { version = post.Version, at, movedFrom = at == post.ScheduledFor ? null : post.ScheduledFor });
        var wasQueued = post.InQueue;
        post.Approve(at!.Value, actor.Name, time.GetUtcNow());
        var leftQueue = wasQueued && !post.InQueue;
        await db.SaveOrConflictAsync(EditedMeanwhile, ct);
        await triggers.MoveAsync(post.Id, at.Value, ct);
        if (leftQueue)
        {
            await queue.CloseGapAsync(post.AccountId, actor, ct);
        }

        return (new ScheduledResult(post.Id, post.Status.ToString(), post.ScheduledFor), errors);
    }

    /// <summary>Sends a post back to its author as a draft, with the reviewer's comment (required).</summary>
    public async Task<(ScheduledResult? Result, ValidationErrors Errors)?> RejectAsync(int id, RejectRequest request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Approver);
        var errors = new ValidationErrors();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Schedule).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return null;
        }

        var comment = request.Comment?.Trim() ?? "";
        if (comment.Length == 0 || comment.Length > MaxComment)
        {
            errors.Add("comment", comment.Length == 0 ? "Say what should change: the author gets this comment." : $"At most {MaxComment} characters.");
        }

        if (!Reviewable(post, request.Version, errors) || errors.Count > 0)
        {
            return (null, errors);
        }

        // A rejected occurrence of a series stops the series: no later occurrence may go out unreviewed.
        var stopsSeries = post.Schedule is { Kind: ScheduleKind.Recurring, IsActive: true };
        audit.Add(db, actor, "post.reject", "Post", Id(post), new { version = post.Version, comment, stopsSeries });
        var leftQueue = post.InQueue;
        post.Reject(comment, actor.Name, time.GetUtcNow());
        await db.SaveOrConflictAsync(EditedMeanwhile, ct);
        await triggers.RemoveAsync(post.Id, ct);
        if (leftQueue)
        {
            await queue.CloseGapAsync(post.AccountId, actor, ct);
        }

        return (new ScheduledResult(post.Id, post.Status.ToString(), post.ScheduledFor), errors);
    }

    /// <summary>An account's own approval rule: true or false, or null to follow the installation's setting.</summary>
    public async Task<bool> SetAccountRuleAsync(int accountId, bool? required, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.SingleOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return false;
        }

        audit.Add(db, actor, "account.approval_rule", "Account", accountId.ToString(CultureInfo.InvariantCulture), new { from = account.RequiresApproval, to = required });
        account.RequiresApproval = required;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool?> AccountRuleAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.PlatformAccounts.Where(a => a.Id == accountId).Select(a => a.RequiresApproval).SingleOrDefaultAsync(ct);
    }

    private async Task<int> CountPendingAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Posts.CountAsync(p => p.Status == PostStatus.PendingApproval, ct);
    }

    private static bool Reviewable(Post post, long? version, ValidationErrors errors)
    {
        if (post.Status != PostStatus.PendingApproval)
        {
            throw new ConflictException($"This post is {post.Status}, not waiting for approval.", post.Status.ToString());
        }

        if (version is null)
        {
            errors.Add("version", "Give the version you reviewed (from the review list), so nothing unseen is approved.");
        }
        else if (version != post.Version)
        {
            errors.Add("version", "The post was edited after you opened it: review it again.");
        }

        return errors.Count == 0;
    }

    private static string Id(Post post) => post.Id.ToString(CultureInfo.InvariantCulture);
}
