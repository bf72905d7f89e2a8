using SocialOps.Core.Common.Events;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Content;

/// <summary>A post was created, moved on in its lifecycle, moved in time or deleted (<see cref="PostStatus.Cancelled"/>).</summary>
public sealed record PostStatusChanged(int PostId, Platform Platform, PostStatus Status, DateTimeOffset? ScheduledFor, DateTimeOffset At) : IEvent;

/// <summary>A reviewer approved or sent back a post; its author (<see cref="AuthorId"/>) is told in the app.</summary>
public sealed record PostReviewed(int PostId, string? AuthorId, bool Approved, string? Comment, string Reviewer, DateTimeOffset At) : IEvent;

/// <summary>A recurring series changed (its pattern moved, or it ended): calendars redraw its later occurrences.</summary>
public sealed record SeriesChanged(int ScheduleId, DateTimeOffset At) : IEvent;
