using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// One post as the scheduler lists it. <c>ThreadParts</c>: how many parts it has as a thread, its own content included (1 for a
/// single post), <c>PartsPublished</c> how many of them are on the platform; <c>FirstCommentState</c>: Pending, Published, Unknown
/// or Failed, null without a first comment.
/// </summary>
public sealed record ScheduledPostItem(
    int Id, string Platform, string Content, string Status, DateTimeOffset? ScheduledTimeUtc, string TimeZone,
    string? RecurrencePattern, int Attempts, string? ExternalUrl, string? LastError,
    int ThreadParts = 1, int PartsPublished = 0, string? FirstCommentState = null, string? FirstCommentError = null);

public sealed record ScheduledPostFilter(PostStatus? Status = null, Platform? Platform = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Skip = 0, int Take = 100);

/// <summary>Every scheduling use case, shared by the API, the pages and bulk import.</summary>
public sealed class SchedulingService(
    IDbContextFactory<SocialOpsDbContext> contexts,
    ScheduleValidator validator,
    PostTriggers triggers,
    SeriesPlanner series,
    PostOutcomes outcomes,
    AuditLog audit,
    ApprovalRules approvals,
    PostingQueues queue,
    DuplicateCheck duplicates,
    TimeProvider time)
{
    /// <summary>The errors key under which publish-now asks for confirmation before it may send again.</summary>
    public const string ConfirmField = "confirm";

    public const int MaxBulk = 500;

    private const string ChangedMeanwhile = "The post changed while this request ran (it may be publishing now); reload it and try again.";

    /// <summary>What a whole series' cancellation calls off: every occurrence that has not gone out or failed.</summary>
    private static readonly PostStatus[] SeriesPending = [PostStatus.Draft, PostStatus.PendingApproval, PostStatus.Scheduled, PostStatus.Retrying];

    public async Task<(ScheduledResult? Result, ValidationErrors Errors)> ScheduleAsync(ScheduleRequest request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var (valid, errors) = await validator.ValidateAsync(request, ct);
        if (valid is null)
        {
            return (null, errors);
        }

        var warnings = await DuplicatesAsync([valid], [request.ConfirmDuplicate == true], (_, field) => field, errors, ct);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var results = await CreateAsync([valid], actor, ct);
        return (results[0] with { Warnings = warnings[0] }, errors);
    }

    /// <summary>Posts like each of <paramref name="items"/> on its account around its time (see <see cref="DuplicateCheck"/>): a read, before scheduling.</summary>
    public Task<IReadOnlyList<IReadOnlyList<DuplicateMatch>>> FindDuplicatesAsync(
        IReadOnlyList<(Platform Platform, int? AccountId, string Text, DateTimeOffset When)> items, int? except = null, CancellationToken ct = default) =>
        duplicates.FindAsync(items, except, ct);

    /// <summary>
    /// The duplicate warnings of each item (null where none); where the platform refuses duplicates and the item does not
    /// confirm, an error under <paramref name="key"/>(item, "content") instead.
    /// </summary>
    private async Task<IReadOnlyList<FieldWarning>?[]> DuplicatesAsync(
        List<ValidSchedule> items, IReadOnlyList<bool> confirmed, Func<int, string, string> key, ValidationErrors errors, CancellationToken ct)
    {
        var found = await duplicates.FindAsync([.. items.Select(i => (i.Platform, i.AccountId, DuplicateText.Published(i.Content, i.Hashtags), i.FirstRun))], ct: ct);
        var warnings = new IReadOnlyList<FieldWarning>?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (found[i].Count == 0)
            {
                continue;
            }

            if (DuplicateCheck.Refused(items[i].Platform) && found[i].Any(m => m.Exact) && !confirmed[i])
            {
                errors.Add(key(i, "content"), $"{found[i].First(m => m.Exact).Describe()} {DuplicateCheck.RefusalAdvice(items[i].Platform)}");
                continue;
            }

            warnings[i] = [.. found[i].Select(m => new FieldWarning("content", m.Describe()))];
        }

        return warnings;
    }

    /// <summary>All or nothing: if any row is invalid nothing is scheduled, and the errors are keyed <c>items[i].field</c>.</summary>
    public async Task<(IReadOnlyList<ScheduledResult>? Results, ValidationErrors Errors)> BulkScheduleAsync(IReadOnlyList<ScheduleRequest> requests, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
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

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var warnings = await DuplicatesAsync(valid, [.. requests.Select(r => r.ConfirmDuplicate == true)], (i, field) => $"items[{i}].{field}", errors, ct);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var results = await CreateAsync(valid, actor, ct);
        return ([.. results.Select((r, i) => r with { Warnings = warnings[i] })], errors);
    }

    /// <summary>
    /// Schedules requests that passed <see cref="ScheduleValidator"/> already (bulk import): one transaction, all or none.
    /// <paramref name="alongside"/> are new entities of the caller's that must be stored with the posts or not at all (an
    /// import's receipt); a unique index refusing one of them fails the whole save.
    /// </summary>
    public Task<IReadOnlyList<ScheduledResult>> ScheduleValidatedAsync(
        IReadOnlyList<ValidSchedule> items, Actor actor, string auditAction, IReadOnlyList<object>? alongside = null, CancellationToken ct = default) =>
        CreateAsync(items, actor.Require(Access.Editor), ct, auditAction, alongside);

    private async Task<IReadOnlyList<ScheduledResult>> CreateAsync(
        IReadOnlyList<ValidSchedule> items, Actor actor, CancellationToken ct, string auditAction = "post.schedule", IReadOnlyList<object>? alongside = null)
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
            var needsApproval = needApproval.Contains(item.AccountId);
            var post = item.Cron is null
                ? new Post
                {
                    Platform = item.Platform, AccountId = item.AccountId, Content = item.Content, Hashtags = item.Hashtags,
                    MediaReferences = [.. item.MediaReferences ?? []], Schedule = schedule, CreatedById = actor.UserId, CreatedAt = now,
                    TrackLinks = item.TrackLinks, Campaign = item.Campaign, FirstComment = item.FirstComment,
                    Parts = [.. (item.Thread ?? []).Select((text, i) => new PostPart { Index = i + 1, Content = text })],
                }
                : SeriesPlanner.NewOccurrence(schedule, item.FirstRun, now, actor.UserId);
            post.ScheduleAt(item.FirstRun, needsApproval, now);
            db.Posts.Add(post);
            posts.Add(post);
        }

        // The audit entries need the posts' ids: two saves, one transaction, so posts never exist without their record.
        foreach (var entity in alongside ?? [])
        {
            db.Add(entity);
        }

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
        return [.. posts.Select(p => new ScheduledResult(p.Id, p.Status.ToString(), p.ScheduledFor))];
    }

    /// <summary>
    /// Moves one post to another time and/or changes its text and hashtags (see <see cref="RescheduleRequest"/>). A post
    /// that started publishing meanwhile is left alone and the caller told so.
    /// </summary>
    public async Task<(ScheduledResult? Result, ValidationErrors Errors)> RescheduleAsync(int id, RescheduleRequest request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var errors = new ValidationErrors();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Schedule).Include(p => p.Parts).AsSplitQuery().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return (null, errors);
        }

        var editsThread = request.Thread is not null || request.FirstComment is not null;
        var editsText = request.Content is not null || request.Hashtags is not null || request.MediaReferences is not null || editsThread;
        var movesTime = !string.IsNullOrWhiteSpace(request.ScheduledTime) || !editsText;
        var at = movesTime ? validator.ValidateInstant(request.ScheduledTime, request.TimeZone ?? post.Schedule?.TimeZone, errors) : null;

        var (content, hashtags) = editsText
            ? validator.ValidateText(post.Platform, request.Content ?? post.Content, request.Hashtags ?? post.Hashtags, request.MediaReferences, errors)
            : (post.Content, post.Hashtags);
        var parts = post.Parts.OrderBy(p => p.Index).Select(p => p.Content).ToList();
        var firstComment = post.FirstComment;
        if (editsThread)
        {
            var series = post.Schedule is { Kind: ScheduleKind.Recurring } ? post.Schedule.CronExpression : null;
            parts = request.Thread is null ? parts : ScheduleValidator.ValidateThread(post.Platform, request.Thread, series, errors) ?? [];
            firstComment = request.FirstComment is null ? firstComment : ScheduleValidator.ValidateFirstComment(post.Platform, request.FirstComment, errors);
            if (post.ThreadStarted && (!parts.SequenceEqual(post.Parts.OrderBy(p => p.Index).Select(p => p.Content)) || firstComment != post.FirstComment))
            {
                errors.Add("thread", "Part of this post is on the platform already: its thread and first comment can no longer change.");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        if (!post.CanChange)
        {
            throw new ConflictException($"This post is {post.Status}: it cannot be {(movesTime ? "rescheduled" : "edited")} any more.", post.Status.ToString());
        }

        // An edit by someone whose posts need approval sends the post (back) to review, whatever its state.
        var needsApproval = (await approvals.AccountsNeedingAsync(db, actor, [post.AccountId], ct)).Contains(post.AccountId);
        var before = post.Status;
        var previous = post.ScheduledFor;
        var now = time.GetUtcNow();
        if (editsText)
        {
            audit.Add(db, actor, "post.edit", "Post", Id(post), new { from = post.Content, to = content, hashtags, media = request.MediaReferences });
            post.Edit(content, hashtags, request.MediaReferences is null ? null : [.. request.MediaReferences], needsApproval, now);
        }

        if (editsThread && !post.ThreadStarted)
        {
            audit.Add(db, actor, "post.edit_thread", "Post", Id(post), new { parts = parts.Count, firstComment = firstComment is not null });
            post.ReplaceThread(parts, firstComment, now);
        }

        if (movesTime)
        {
            post.ScheduleAt(at!.Value, needsApproval, now);
            audit.Add(db, actor, "post.reschedule", "Post", Id(post), new { from = previous, to = at });
        }

        if (post.Status == PostStatus.PendingApproval && before != PostStatus.PendingApproval)
        {
            audit.Add(db, actor, "post.submit", "Post", Id(post), new { reason = editsText ? "edited" : "rescheduled", from = before.ToString() });
        }

        await db.SaveOrConflictAsync(ChangedMeanwhile, ct);
        if (post.Status != PostStatus.Scheduled)
        {
            await triggers.RemoveAsync(post.Id, ct);
        }
        else if (movesTime)
        {
            await triggers.MoveAsync(post.Id, at!.Value, ct);
        }

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
        actor.Require(Access.Editor);
        var errors = new ValidationErrors();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Parts).Include(p => p.Attempts).AsSplitQuery().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return (null, errors);
        }

        if (!post.CanChange)
        {
            throw new ConflictException($"This post is {post.Status}: it cannot be published again.", post.Status.ToString());
        }

        if (post.Status is PostStatus.PendingApproval or PostStatus.Draft
            && (await approvals.AccountsNeedingAsync(db, actor, [post.AccountId], ct)).Contains(post.AccountId))
        {
            throw new ConflictException("This post needs approval before it goes out.", post.Status.ToString());
        }

        if (post.Status == PostStatus.Unconfirmed)
        {
            switch (await outcomes.AskPlatformAsync(post, ct))
            {
                // A thread resumes: the run looks the part up again and sends only what is not there.
                case PlatformAnswer.Found found when post.Parts.Count == 0:
                    return await outcomes.RecordFoundAsync(id, found.Publication, actor, ct);
                case PlatformAnswer.CannotTell unknown when !confirmed:
                    errors.Add(ConfirmField, $"{unknown.Reason} Check the platform: if the post is not there, confirm to send it again.");
                    return (null, errors);
            }
        }

        var now = time.GetUtcNow();
        audit.Add(db, actor, "post.publish_now", "Post", Id(post), new { from = post.Status.ToString(), due = post.ScheduledFor });
        var leftQueue = post.InQueue;
        post.PublishNow(now);
        await db.SaveOrConflictAsync(ChangedMeanwhile, ct);
        await triggers.SetAsync(post.Id, now, ct);
        if (leftQueue)
        {
            await queue.CloseGapAsync(post.AccountId, actor, ct);
        }

        return (new ScheduledResult(post.Id, post.Status.ToString(), now), errors);
    }

    /// <summary>
    /// Cancels one post (one occurrence of a series, which then moves on), or with <paramref name="wholeSeries"/> the
    /// series and every occurrence of it that has not gone out (those waiting for approval too). False when there is no
    /// such post.
    /// </summary>
    public async Task<bool> CancelAsync(int id, bool wholeSeries, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Schedule).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var cancelled = new List<Post>();
        if (wholeSeries && post.Schedule is { Kind: ScheduleKind.Recurring } schedule)
        {
            schedule.End(now);
            cancelled.AddRange(await db.Posts.Where(p => p.ScheduleId == schedule.Id && SeriesPending.Contains(p.Status)).ToListAsync(ct));
        }
        else if (post.CanChange)
        {
            cancelled.Add(post);
        }
        else
        {
            throw new ConflictException($"Only a post that has not gone out can be cancelled; this one is {post.Status}.", post.Status.ToString());
        }

        var queuesToClose = cancelled.Where(p => p.InQueue).Select(p => p.AccountId).Distinct().ToList();
        foreach (var p in cancelled)
        {
            p.Cancel(null, now);
        }

        audit.Add(db, actor, wholeSeries ? "series.cancel" : "post.cancel", "Post", Id(post), new { posts = cancelled.Count });
        await db.SaveOrConflictAsync(ChangedMeanwhile, ct);
        foreach (var p in cancelled)
        {
            await triggers.RemoveAsync(p.Id, ct);
        }

        if (!wholeSeries)
        {
            await series.EnsureNextAsync(post.ScheduleId, ct);
        }

        foreach (var account in queuesToClose)
        {
            await queue.CloseGapAsync(account, actor, ct);
        }

        return true;
    }

    public async Task<(IReadOnlyList<ScheduledPostItem> Items, int Total)> ListAsync(ScheduledPostFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Posts.AsNoTracking().Where(p => p.ScheduledFor != null)
            .WhereIf(filter.Status is not null, p => p.Status == filter.Status)
            .WhereIf(filter.Platform is not null, p => p.Platform == filter.Platform)
            .WhereIf(filter.From is not null, p => p.ScheduledFor >= filter.From)
            .WhereIf(filter.To is not null, p => p.ScheduledFor < filter.To);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(p => p.ScheduledFor).ThenBy(p => p.Id).Skip(filter.Skip).Take(filter.Take)
            .Select(p => new
            {
                p.Id, p.Platform, p.Content, p.Status, p.ScheduledFor, p.ExternalUrl, p.StatusReason,
                TimeZone = p.Schedule == null ? null : p.Schedule.TimeZone,
                Cron = p.Schedule == null ? null : p.Schedule.CronExpression,
                Attempts = p.Attempts.Count,
                LastError = p.Attempts.OrderByDescending(a => a.AttemptNumber).Select(a => a.Error).FirstOrDefault(),
                Parts = p.Parts.Count,
                PartsOut = p.Parts.Count(x => x.State == PartState.Published),
                p.ExternalId, p.FirstComment, p.FirstCommentState, p.FirstCommentError,
            })
            .ToListAsync(ct);
        return ([.. rows.Select(r => new ScheduledPostItem(r.Id, r.Platform.ToString().ToLowerInvariant(), r.Content, r.Status.ToString(),
            r.ScheduledFor, r.TimeZone ?? "Etc/UTC", r.Cron, r.Attempts, r.ExternalUrl, r.LastError,
            r.Parts + 1, r.PartsOut + (r.ExternalId is null ? 0 : 1),
            r.FirstComment is null ? null : (r.FirstCommentState ?? PartState.Pending).ToString(), r.FirstCommentError))], total);
    }

    private static string Id(Post post) => post.Id.ToString(CultureInfo.InvariantCulture);
}
