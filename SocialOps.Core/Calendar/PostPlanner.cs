using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Calendar;

/// <summary>A post with everything the post panel shows.</summary>
/// <remarks><see cref="TimeZone"/> is the zone the post was scheduled in; null when it has no schedule of its own.</remarks>
public sealed record PostDetails(Post Post, string? AccountName, string? TimeZone, string? Cron, bool SeriesActive, IReadOnlyList<PublishAttempt> Attempts);

/// <summary>
/// What the calendar and composer need beyond <see cref="SchedulingService"/>: drafts, which go out only once scheduled,
/// and a post's full details. Scheduling, moving and cancelling go through <see cref="SchedulingService"/>.
/// </summary>
public sealed class PostPlanner(
    IDbContextFactory<SocialOpsDbContext> contexts,
    ScheduleValidator validator,
    SchedulingService scheduling,
    AuditLog audit,
    TimeProvider time)
{
    private static readonly PostStatus[] Editable = [PostStatus.Draft, PostStatus.Scheduled, PostStatus.Retrying, PostStatus.Missed, PostStatus.Failed];

    private const string ChangedMeanwhile = "The draft changed meanwhile; reload and try again.";

    /// <summary>
    /// Saves a draft: checked like a post (platform, text, media, thread and first comment) but with no time required and
    /// nothing triggered. A time given is kept as the planned one, so the draft shows on the calendar; the thread's parts and
    /// the first comment stay with it until it is scheduled.
    /// </summary>
    public async Task<(int? Id, ValidationErrors Errors)> SaveDraftAsync(ScheduleRequest request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var errors = new ValidationErrors();
        if (!Enum.TryParse<Platform>(request.Platform, ignoreCase: true, out var platform) || !Enum.IsDefined(platform))
        {
            errors.Add("platform", $"Unknown platform '{request.Platform}'.");
        }

        var (content, hashtags) = validator.ValidateText(platform, request.Content, request.Hashtags, request.MediaReferences ?? [], errors);
        var thread = errors.ContainsKey("platform") ? null : ScheduleValidator.ValidateThread(platform, request.Thread, null, errors);
        var firstComment = errors.ContainsKey("platform") ? null : ScheduleValidator.ValidateFirstComment(platform, request.FirstComment, errors);
        if (request.Campaign is { Length: > 100 })
        {
            errors.Add("campaign", "campaign must be at most 100 characters.");
        }

        DateTimeOffset? planned = null;
        if (!string.IsNullOrWhiteSpace(request.ScheduledTime))
        {
            var zone = Zones.Find(string.IsNullOrWhiteSpace(request.TimeZone) ? "Etc/UTC" : request.TimeZone);
            planned = zone is null ? null : ScheduleValidator.ParseTime(request.ScheduledTime, zone);
            if (zone is null)
            {
                errors.Add("timeZone", $"Unknown time zone '{request.TimeZone}'.");
            }
            else if (planned is null)
            {
                errors.Add("scheduledTime", $"'{request.ScheduledTime}' is not a date-time.");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = new Post
        {
            Platform = platform, AccountId = request.AccountId, Content = content, Hashtags = hashtags,
            MediaReferences = [.. request.MediaReferences ?? []], CreatedById = actor.UserId, CreatedAt = now,
            TrackLinks = request.TrackLinks ?? false, Campaign = string.IsNullOrWhiteSpace(request.Campaign) ? null : request.Campaign.Trim(),
            FirstComment = firstComment, Parts = [.. (thread ?? []).Select((text, i) => new PostPart { Index = i + 1, Content = text })],
        };
        post.PlanDraft(planned, now);
        db.Posts.Add(post);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            audit.Add(db, actor, "post.draft", "Post", post.Id.ToString(CultureInfo.InvariantCulture), new { post.Platform, planned });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        return (post.Id, errors);
    }

    public async Task<PostDetails?> DetailsAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.AsNoTracking()
            .Include(p => p.Schedule).Include(p => p.Account).Include(p => p.Attempts).Include(p => p.Parts).AsSplitQuery()
            .SingleOrDefaultAsync(p => p.Id == id, ct);
        return post is null
            ? null
            : new PostDetails(post, post.Account?.DisplayName, post.Schedule?.TimeZone,
                post.Schedule is { Kind: ScheduleKind.Recurring } s ? s.CronExpression : null, post.Schedule?.IsActive ?? false,
                [.. post.Attempts.OrderBy(a => a.AttemptNumber)]);
    }

    /// <summary>
    /// Moves a draft's planned time; it stays a draft (nothing is triggered). Scheduled posts move through
    /// <see cref="SchedulingService.RescheduleAsync"/> instead.
    /// </summary>
    public async Task<(bool Moved, string? Problem)> MoveDraftAsync(int postId, DateTimeOffset target, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.SingleOrDefaultAsync(p => p.Id == postId, ct);
        if (post is not { Status: PostStatus.Draft })
        {
            return (false, "Only a draft's planned time moves this way.");
        }

        audit.Add(db, actor, "post.reschedule", "Post", post.Id.ToString(CultureInfo.InvariantCulture), new { from = post.ScheduledFor, to = target, draft = true });
        post.PlanDraft(target, time.GetUtcNow());
        return await db.TrySaveAsync(ct) ? (true, null) : (false, ChangedMeanwhile);
    }

    /// <summary>The series' occurrence that is waiting to go out, if any.</summary>
    public async Task<int?> PendingPostOfSeriesAsync(int? scheduleId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Posts.Where(p => p.ScheduleId == scheduleId && (p.Status == PostStatus.Scheduled || p.Status == PostStatus.Retrying))
            .OrderBy(p => p.ScheduledFor).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Moves a whole series: its pattern takes the new time of day (and weekday or day of month, when the move changes
    /// it), then its pending occurrence moves through <see cref="SchedulingService"/>. Patterns with several times a day
    /// or ranges of days are refused: edit those in the composer.
    /// </summary>
    public async Task<(bool Moved, string? Problem)> MoveSeriesAsync(int postId, DateTimeOffset target, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.Include(p => p.Schedule).SingleOrDefaultAsync(p => p.Id == postId, ct);
        if (post is not { Schedule: { Kind: ScheduleKind.Recurring, IsActive: true } schedule, ScheduledFor: { } current }
            || Zones.Find(schedule.TimeZone) is not { } zone)
        {
            return (false, "This post is not part of an active series.");
        }

        var cron = SeriesPatterns.Shift(schedule.CronExpression!, TimeZoneInfo.ConvertTime(current, zone).DateTime, TimeZoneInfo.ConvertTime(target, zone).DateTime);
        if (cron.Pattern is null)
        {
            return (false, cron.Problem);
        }

        var (result, errors) = await scheduling.RescheduleAsync(postId, new RescheduleRequest(target.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), actor, ct);
        if (result is null)
        {
            return (false, string.Join(" ", errors.SelectMany(e => e.Value)));
        }

        audit.Add(db, actor, "series.move", "Schedule", schedule.Id.ToString(CultureInfo.InvariantCulture), new { from = schedule.CronExpression, to = cron.Pattern });
        schedule.Shift(cron.Pattern, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (true, null);
    }

    public static bool CanEdit(PostStatus status) => Editable.Contains(status);

    public static bool CanMove(PostStatus status) => Editable.Contains(status) || status == PostStatus.Unconfirmed;

    /// <summary>
    /// Why a post cannot be dropped at <paramref name="target"/> (null when it can): published or finished posts stay where
    /// they went out, and nothing goes into the past.
    /// </summary>
    public static string? RefuseDrop(CalendarItem item, DateTimeOffset target, DateTimeOffset now) => item switch
    {
        { IsProjected: true } => "This is a later occurrence of a series; move the series' next post, or edit the series.",
        { Status: PostStatus.Published } => "A published post stays where it went out.",
        { Status: PostStatus.Publishing } => "This post is being published right now.",
        _ when !CanMove(item.Status) => $"A {item.Status} post cannot be moved.",
        _ when target < now => "That time has already passed; pick a time in the future.",
        _ => null,
    };
}
