using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Content;

public enum ScheduleKind
{
    Once,
    Recurring,
}

/// <summary>When a post goes out: one instant, or a 5-field cron pattern read in an IANA time zone.</summary>
public class Schedule : IHasEvents
{
    private DateTimeOffset? _changedAt;

    public int Id { get; set; }
    public ScheduleKind Kind { get; set; }

    /// <summary>For <see cref="ScheduleKind.Once"/>: the instant, in UTC.</summary>
    public DateTimeOffset? RunAt { get; set; }

    /// <summary>For <see cref="ScheduleKind.Recurring"/>: a 5-field Unix cron pattern, e.g. <c>0 14 * * *</c>.</summary>
    public string? CronExpression { get; set; }

    /// <summary>IANA id; cron patterns and local times are read in it.</summary>
    public string TimeZone { get; set; } = "Etc/UTC";

    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public int? MaxOccurrences { get; set; }
    public int OccurrencesCreated { get; set; }
    public DateTimeOffset? NextOccurrenceAt { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>For a series: what each new occurrence posts (editing one occurrence leaves these alone).</summary>
    public Platform? SeriesPlatform { get; set; }

    public int? SeriesAccountId { get; set; }
    public string? SeriesContent { get; set; }
    public List<string> SeriesHashtags { get; set; } = [];
    public List<string> SeriesMediaReferences { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    public List<Post> Posts { get; set; } = [];

    /// <summary>Ends a recurring series: no further occurrence is planned (the caller calls off the pending ones).</summary>
    public void End(DateTimeOffset now)
    {
        if (Kind != ScheduleKind.Recurring || !IsActive)
        {
            return;
        }

        IsActive = false;
        NextOccurrenceAt = null;
        _changedAt = now;
    }

    /// <summary>The series takes another pattern (its later occurrences move with it).</summary>
    public void Shift(string cronExpression, DateTimeOffset now)
    {
        CronExpression = cronExpression;
        _changedAt = now;
    }

    public IReadOnlyList<IEvent> TakeEvents(EntityState before)
    {
        if (_changedAt is not { } at)
        {
            return [];
        }

        _changedAt = null;
        return [new SeriesChanged(Id, at)];
    }
}

internal sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> b)
    {
        b.Property(s => s.CronExpression).HasMaxLength(120);
        b.Property(s => s.TimeZone).HasMaxLength(64);
        b.Property(s => s.SeriesContent).HasMaxLength(70_000);
        b.HasIndex(s => new { s.IsActive, s.NextOccurrenceAt });
    }
}
