using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Core.Workflow;

namespace SocialOps.Core.Scheduling;

public sealed record ScheduledPostItem(
    int Id, string Platform, string Content, string Status, DateTimeOffset? ScheduledTimeUtc, string TimeZone,
    string? RecurrencePattern, int Attempts, string? ExternalUrl, string? LastError);

public sealed record ScheduledPostFilter(PostStatus? Status = null, Platform? Platform = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Skip = 0, int Take = 100);

/// <summary>Every scheduling use case, shared by the API, the pages and bulk import.</summary>
public sealed class SchedulingService(
    IDbContextFactory<SocialOpsDbContext> contexts,
    ScheduleValidator validator,
    PostTriggers triggers,
    SeriesPlanner series,
    PostEvents events,
    PostOutcomes outcomes,
    AuditLog audit,
    ApprovalRules approvals,
    PostingQueues queue,
    TimeProvider time)
{
    /// <summary>The errors key under which publish-now asks for confirmation before it may send again.</summary>
    public const string ConfirmField = "confirm";

    public const int MaxBulk = 500;

    private static readonly PostStatus[] Reschedulable =
        [PostStatus.Draft, PostStatus.PendingApproval, PostStatus.Scheduled, PostStatus.Retrying, PostStatus.Missed, PostStatus.Failed, PostStatus.Unconfirmed];

    public async Task<(ScheduledResult? Result, ValidationErrors Errors)> ScheduleAsync(ScheduleRequest request, Actor actor, CancellationToken ct = default)
    {
        var (valid, errors) = await validator.ValidateAsync(request, ct);
        if (valid is null)
        {
            return (null, errors);
        }

        var results = await CreateAsync([valid], actor, ct);
        return (results[0], errors);
    }

    /// <summary>All or nothing: if any row is invalid nothing is scheduled, and the errors are keyed <c>items[i].field</c>.</summary>
    public async Task<(IReadOnlyList<ScheduledResult>? Results, ValidationErrors Errors)> BulkScheduleAsync(IReadOnlyList<ScheduleRequest> requests, Actor actor, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        if (requests.Count is 0 or > MaxBulk)
        {
            errors.Add("items", $"Send between 1 and {MaxBulk} items; this request has {requests.Count}.");
            return (null, errors);
        }

        var valid = new List<ValidSchedule>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var (schedule, rowErrors) = await validator.ValidateAsync(requests[i], ct);
            foreach (var (field, messages) in rowErrors)
            {
                errors[$"items[{i}].{field}"] = messages;
            }

            if (schedule is not null)
            {
                valid.Add(schedule);
            }
        }

        return errors.Count > 0 ? (null, errors) : (await CreateAsync(valid, actor, ct), errors);
    }

    /// <summary>Schedules requests that passed <see cref="ScheduleValidator"/> already (bulk import): one transaction, all or none.</summary>
    public Task<IReadOnlyList<ScheduledResult>> ScheduleValidatedAsync(IReadOnlyList<ValidSchedule> items, Actor actor, string auditAction, CancellationToken ct = default) =>
        CreateAsync(items, actor, ct, auditAction);

    private async Task<IReadOnlyList<ScheduledResult>> CreateAsync(IReadOnlyList<ValidSchedule> items, Actor actor, CancellationToken ct, string auditAction = "post.schedule")
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var needApproval = await approvals.AccountsNeedingAsync(db, actor, items.Select(i => i.AccountId), ct);
        var posts = new List<Post>(items.Count);
        foreach (var item in items)
        {
            var schedule = new Schedule
            {
                Kind = item.Cron is null ? ScheduleKind.Once : ScheduleKind.Recurring,
                RunAt = item.Cron is null ? item.FirstRun : null,
                CronExpression = item.Cron,
                TimeZone = item.TimeZone,
                StartsAt = item.StartsAt,
                EndsAt = item.EndsAt,
                MaxOccurrences = item.MaxOccurrences,
                NextOccurrenceAt = item.FirstRun,
                CreatedAt = now,
                SeriesPlatform = item.Cron is null ? null : item.Platform,
                SeriesAccountId = item.Cron is null ? null : item.AccountId,
                SeriesContent = item.Cron is null ? null : item.Content,
                SeriesHashtags = item.Cron is null ? [] : item.Hashtags,
                SeriesMediaReferences = item.Cron is null ? [] : [.. item.MediaReferences ?? []],
            };
            var post = item.Cron is null
                ? new Post
                {
                    Platform = item.Platform, AccountId = item.AccountId, Content = item.Content, Hashtags = item.Hashtags,
                    MediaReferences = [.. item.MediaReferences ?? []], Status = PostStatus.Scheduled, ScheduledFor = item.FirstRun, Schedule = schedule, CreatedById = actor.UserId,
                    CreatedAt = now, UpdatedAt = now,
                }
                : SeriesPlanner.NewOccurrence(schedule, item.FirstRun, now);
            post.CreatedById = actor.UserId;
            if (needApproval.Contains(item.AccountId))
            {
                post.Status = PostStatus.PendingApproval;
            }

            db.Posts.Add(post);
            posts.Add(post);
        }

        // The audit entries need the posts' ids: two saves, one transaction, so posts never exist without their record.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            foreach (var post in posts)
            {
                audit.Add(db, actor, auditAction, "Post", Id(post), new { post.Platform, scheduledFor = post.ScheduledFor, cron = post.Schedule!.CronExpression, status = post.Status.ToString() });
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await triggers.DueAsync(posts.Where(p => p.Status == PostStatus.Scheduled).Select(p => p.ScheduledFor!.Value), ct);
        foreach (var post in posts)
        {
            Changed(post);
        }

        return [.. posts.Select(p => new ScheduledResult(p.Id, p.Status.ToString(), p.ScheduledFor))];
    }

    /// <summary>
    /// Moves one post to another time and/or changes its text and hashtags (see <see cref="RescheduleRequest"/>). A post
    /// that started publishing meanwhile is left alone and the caller told so.
    /// </summary>
    public async Task<(ScheduledResult? Result, ValidationErrors Errors)> RescheduleAsync(int id, RescheduleRequest request, Actor actor, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Schedule).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return (null, errors);
        }

        var editsText = request.Content is not null || request.Hashtags is not null;
        var movesTime = !string.IsNullOrWhiteSpace(request.ScheduledTime) || !editsText;
        var at = movesTime ? validator.ValidateInstant(request.ScheduledTime, request.TimeZone ?? post.Schedule?.TimeZone, errors) : null;

        var (content, hashtags) = editsText
            ? validator.ValidateText(post.Platform, request.Content ?? post.Content, request.Hashtags ?? post.Hashtags, errors)
            : (post.Content, post.Hashtags);
        if (!Reschedulable.Contains(post.Status))
        {
            errors.Add("status", $"A {post.Status} post cannot be {(movesTime ? "rescheduled" : "edited")}.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var previous = post.ScheduledFor;
        if (editsText)
        {
            audit.Add(db, actor, "post.edit", "Post", Id(post), new { from = post.Content, to = content, hashtags });
            post.Content = content;
            post.Hashtags = hashtags;
        }

        if (movesTime)
        {
            post.ScheduledFor = at;
            post.PublishRequestedAt = null;
            post.Status = PostStatus.Scheduled;
            post.RetryAt = null;
            post.StatusReason = null;
            audit.Add(db, actor, "post.reschedule", "Post", Id(post), new { from = previous, to = at });
        }

        // An edit by someone whose posts need approval sends the post (back) to review.
        var wasPending = post.Status == PostStatus.PendingApproval;
        if ((post.Status == PostStatus.Scheduled || wasPending) && (await approvals.AccountsNeedingAsync(db, actor, [post.AccountId], ct)).Contains(post.AccountId))
        {
            post.Status = PostStatus.PendingApproval;
            if (!wasPending)
            {
                audit.Add(db, actor, "post.submit", "Post", Id(post), new { reason = "edited" });
            }
        }

        post.UpdatedAt = time.GetUtcNow();
        if (!await SaveUnlessChangedAsync(db, errors, ct))
        {
            return (null, errors);
        }

        if (post.Status == PostStatus.PendingApproval)
        {
            await triggers.RemoveAsync(post.Id, ct);
        }
        else if (movesTime)
        {
            await triggers.MoveAsync(post.Id, at!.Value, ct);
        }

        Changed(post);
        return (new ScheduledResult(post.Id, post.Status.ToString(), post.ScheduledFor), errors);
    }

    /// <summary>
    /// Publishes a Missed, Failed or Unconfirmed post (or a pending one early) at once. The post keeps the instant it
    /// was due, so the reliability report counts it as late rather than on time. For an Unconfirmed post the platform
    /// is asked first: found there, it is recorded as published; if the platform cannot tell, nothing is sent until
    /// the caller confirms (<paramref name="confirmed"/>), and the errors say so under <see cref="ConfirmField"/>.
    /// </summary>
    public async Task<(ScheduledResult? Result, ValidationErrors Errors)> PublishNowAsync(int id, Actor actor, bool confirmed = false, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return (null, errors);
        }

        if (!Reschedulable.Contains(post.Status))
        {
            errors.Add("status", $"A {post.Status} post cannot be published again.");
            return (null, errors);
        }

        if (post.Status is PostStatus.PendingApproval or PostStatus.Draft
            && (await approvals.AccountsNeedingAsync(db, actor, [post.AccountId], ct)).Contains(post.AccountId))
        {
            errors.Add("status", "This post needs approval before it goes out.");
            return (null, errors);
        }

        if (post.Status == PostStatus.Unconfirmed)
        {
            switch (await outcomes.AskPlatformAsync(post, ct))
            {
                case PlatformAnswer.Found found:
                    return await outcomes.RecordFoundAsync(id, found.Publication, actor, ct);
                case PlatformAnswer.CannotTell unknown when !confirmed:
                    errors.Add(ConfirmField, $"{unknown.Reason} Check the platform: if the post is not there, confirm to send it again.");
                    return (null, errors);
            }
        }

        var now = time.GetUtcNow();
        audit.Add(db, actor, "post.publish_now", "Post", Id(post), new { from = post.Status.ToString(), due = post.ScheduledFor });
        // A post sent early goes on the record at the time it went out; an overdue one keeps the time it was due.
        post.ScheduledFor = post.ScheduledFor is { } due && due <= now ? due : now;
        post.PublishRequestedAt = now;
        post.Status = PostStatus.Scheduled;
        post.RetryAt = null;
        post.StatusReason = null;
        post.UpdatedAt = now;
        var leftQueue = post.InQueue;
        post.InQueue = false;
        if (!await SaveUnlessChangedAsync(db, errors, ct))
        {
            return (null, errors);
        }

        await triggers.SetAsync(post.Id, now, ct);
        Changed(post);
        if (leftQueue)
        {
            await queue.CloseGapAsync(post.AccountId, actor, ct);
        }
        return (new ScheduledResult(post.Id, post.Status.ToString(), now), errors);
    }

    /// <summary>
    /// Cancels one post (one occurrence of a series, which then moves on), or with <paramref name="wholeSeries"/> the
    /// series. Null when there is no such post; otherwise the errors say why nothing was cancelled (none: it was).
    /// </summary>
    public async Task<ValidationErrors?> CancelAsync(int id, bool wholeSeries, Actor actor, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Schedule).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return null;
        }

        var cancelled = new List<Post>();
        if (wholeSeries && post.Schedule is { Kind: ScheduleKind.Recurring } schedule)
        {
            schedule.IsActive = false;
            schedule.NextOccurrenceAt = null;
            cancelled.AddRange(await db.Posts.Where(p => p.ScheduleId == schedule.Id
                && (p.Status == PostStatus.Scheduled || p.Status == PostStatus.Retrying || p.Status == PostStatus.Draft)).ToListAsync(ct));
        }
        else if (Reschedulable.Contains(post.Status))
        {
            cancelled.Add(post);
        }
        else
        {
            errors.Add("status", $"Only a post that has not gone out can be cancelled; this one is {post.Status}.");
            return errors;
        }

        var queuesToClose = cancelled.Where(p => p.InQueue).Select(p => p.AccountId).Distinct().ToList();
        foreach (var p in cancelled)
        {
            p.Status = PostStatus.Cancelled;
            p.RetryAt = null;
            p.InQueue = false;
            p.UpdatedAt = time.GetUtcNow();
        }

        audit.Add(db, actor, wholeSeries ? "series.cancel" : "post.cancel", "Post", Id(post), new { posts = cancelled.Count });
        if (!await SaveUnlessChangedAsync(db, errors, ct))
        {
            return errors;
        }

        foreach (var p in cancelled)
        {
            await triggers.RemoveAsync(p.Id, ct);
            Changed(p);
        }

        if (!wholeSeries)
        {
            await series.EnsureNextAsync(post.ScheduleId, ct);
        }

        foreach (var account in queuesToClose)
        {
            await queue.CloseGapAsync(account, actor, ct);
        }

        return errors;
    }

    public async Task<(IReadOnlyList<ScheduledPostItem> Items, int Total)> ListAsync(ScheduledPostFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Posts.AsNoTracking().Where(p => p.ScheduledFor != null);
        if (filter.Status is { } status)
        {
            query = query.Where(p => p.Status == status);
        }

        if (filter.Platform is { } platform)
        {
            query = query.Where(p => p.Platform == platform);
        }

        if (filter.From is { } from)
        {
            query = query.Where(p => p.ScheduledFor >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(p => p.ScheduledFor < to);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(p => p.ScheduledFor).ThenBy(p => p.Id).Skip(filter.Skip).Take(filter.Take)
            .Select(p => new
            {
                p.Id, p.Platform, p.Content, p.Status, p.ScheduledFor, p.ExternalUrl, p.StatusReason,
                TimeZone = p.Schedule == null ? null : p.Schedule.TimeZone,
                Cron = p.Schedule == null ? null : p.Schedule.CronExpression,
                Attempts = p.Attempts.Count,
                LastError = p.Attempts.OrderByDescending(a => a.AttemptNumber).Select(a => a.Error).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return ([.. rows.Select(r => new ScheduledPostItem(r.Id, r.Platform.ToString().ToLowerInvariant(), r.Content, r.Status.ToString(),
            r.ScheduledFor, r.TimeZone ?? "Etc/UTC", r.Cron, r.Attempts, r.ExternalUrl, r.LastError))], total);
    }

    /// <summary>Saves, unless the post changed meanwhile (the publish job claimed it): then says so and saves nothing.</summary>
    private static async Task<bool> SaveUnlessChangedAsync(SocialOpsDbContext db, ValidationErrors errors, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            errors.Add("status", "The post changed while this request ran (it may be publishing now); reload it and try again.");
            return false;
        }
    }

    private void Changed(Post post) =>
        events.Publish(PostStatusChanged.Of(post, time.GetUtcNow()));

    private static string Id(Post post) => post.Id.ToString(CultureInfo.InvariantCulture);
}
