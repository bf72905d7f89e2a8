using SocialOps.Core.Content;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// Keeps exactly one pending occurrence for each active recurring series: when one is published, fails, is
/// missed or skipped, the next is created from the series' own content at the next cron instant.
/// </summary>
public sealed class SeriesPlanner(IDbContextFactory<SocialOpsDbContext> contexts, PostTriggers triggers, TimeProvider time)
{
    private static readonly PostStatus[] Pending = [PostStatus.PendingApproval, PostStatus.Scheduled, PostStatus.Retrying, PostStatus.Publishing];

    public async Task EnsureNextAsync(int? scheduleId, CancellationToken ct)
    {
        if (scheduleId is not { } id)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var schedule = await db.Schedules.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (schedule is not { Kind: ScheduleKind.Recurring, IsActive: true })
        {
            return;
        }

        // One statement, one snapshot: a racing planner's new occurrence is seen either as pending (stop here) or not at
        // all (then both aim at the same instant, and the occurrence index lets only one of them have it).
        var state = await db.Posts.Where(p => p.ScheduleId == id).GroupBy(p => p.ScheduleId)
            .Select(g => new { Pending = g.Count(p => Pending.Contains(p.Status)), Last = g.Max(p => p.OccurrenceAt ?? p.ScheduledFor) })
            .SingleOrDefaultAsync(ct);
        if (state is { Pending: > 0 })
        {
            return;
        }

        var last = state?.Last;
        var now = time.GetUtcNow();
        var after = last is { } l && l > now ? l : now;
        var next = NextOccurrence(schedule, after);
        if (next is null)
        {
            schedule.End(now);
            await db.SaveChangesAsync(ct);
            return;
        }

        var post = NewOccurrence(schedule, next.Value, now);
        db.Posts.Add(post);
        if (!await db.TrySaveAsync(duplicatesConflict: true, ct))
        {
            if (await OccurrenceExistsAsync(id, next.Value, ct))
            {
                // Another planner (a second instance, or a racing publish) created this occurrence first; it sets the trigger.
                return;
            }

            throw new InvalidOperationException($"The next occurrence of series {id} could not be stored.");
        }

        await triggers.DueAsync(next.Value, ct);
    }

    private async Task<bool> OccurrenceExistsAsync(int scheduleId, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Posts.AnyAsync(p => p.ScheduleId == scheduleId && p.OccurrenceAt == at, ct);
    }

    /// <summary>The series' next instant after <paramref name="after"/>, or null when it has ended.</summary>
    public static DateTimeOffset? NextOccurrence(Schedule schedule, DateTimeOffset after)
    {
        if (schedule.MaxOccurrences is { } max && schedule.OccurrencesCreated >= max)
        {
            return null;
        }

        var (expression, _) = CronPattern.Parse(schedule.CronExpression);
        var zone = Zones.Find(schedule.TimeZone);
        if (expression is null || zone is null)
        {
            return null;
        }

        var from = schedule.StartsAt is { } start && start > after ? start.AddTicks(-1) : after;
        var next = CronPattern.Next(expression, zone, from, 1, schedule.EndsAt);
        return next.Count == 0 ? null : next[0];
    }

    /// <summary>
    /// The series' occurrences after <paramref name="after"/> up to <paramref name="until"/> that it will create if
    /// nothing changes (its end date and count respected): what the calendar shows ahead of the pending occurrence.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Upcoming(Schedule schedule, DateTimeOffset after, DateTimeOffset until, int max)
    {
        var remaining = schedule.MaxOccurrences is { } total ? total - schedule.OccurrencesCreated : max;
        var (expression, _) = CronPattern.Parse(schedule.CronExpression);
        var zone = Zones.Find(schedule.TimeZone);
        if (!schedule.IsActive || schedule.Kind != ScheduleKind.Recurring || expression is null || zone is null || remaining <= 0)
        {
            return [];
        }

        var from = schedule.StartsAt is { } start && start > after ? start.AddTicks(-1) : after;
        var end = schedule.EndsAt is { } ends && ends < until ? ends : until;
        return [.. CronPattern.Next(expression, zone, from, Math.Min(remaining, max), end).Where(t => t < until)];
    }

    /// <summary>A new occurrence post of the series, Scheduled at <paramref name="at"/>; counts it and moves the series' next instant.</summary>
    public static Post NewOccurrence(Schedule schedule, DateTimeOffset at, DateTimeOffset now, string? createdById = null)
    {
        schedule.OccurrencesCreated++;
        schedule.NextOccurrenceAt = at;
        var post = new Post
        {
            Platform = schedule.SeriesPlatform ?? Publishing.Platform.Sandbox,
            AccountId = schedule.SeriesAccountId,
            Content = schedule.SeriesContent ?? "",
            Hashtags = [.. schedule.SeriesHashtags],
            MediaReferences = [.. schedule.SeriesMediaReferences],
            OccurrenceAt = at,
            Schedule = schedule,
            CreatedById = createdById,
            CreatedAt = now,
        };
        post.ScheduleAt(at, needsApproval: false, now);
        return post;
    }
}
