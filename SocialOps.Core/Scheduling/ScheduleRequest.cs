using System.Text.Json.Serialization;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// A request to schedule a post. <see cref="ScheduledTime"/> is a local date-time in <see cref="TimeZone"/>
/// (e.g. <c>2026-12-01T14:00:00</c>) or an instant with <c>Z</c> or an offset. <see cref="Thread"/>: the parts of a
/// thread after <see cref="Content"/>, in order; <see cref="FirstComment"/>: our own comment, published under the post once it is out.
/// </summary>
public sealed record ScheduleRequest(
    string? Platform,
    string? Content,
    string? ScheduledTime,
    string? TimeZone = null,
    int? AccountId = null,
    List<string>? Hashtags = null,
    string? RecurrencePattern = null,
    string? EndDate = null,
    int? MaxOccurrences = null,
    List<string>? MediaReferences = null,
    bool? TrackLinks = null,
    string? Campaign = null,
    List<string>? Thread = null,
    string? FirstComment = null,
    bool? ConfirmDuplicate = null);

/// <summary>
/// Changes one post (one occurrence of a series: the series itself is untouched): its time, its text, hashtags and
/// media, or both. Fields left out keep their value. <see cref="Thread"/> replaces the thread's parts after the content
/// (an empty list makes it a single post) and <see cref="FirstComment"/> the first comment (an empty one removes it);
/// both only while nothing of the post has been sent.
/// </summary>
public sealed record RescheduleRequest(
    string? ScheduledTime, string? TimeZone = null, string? Content = null, List<string>? Hashtags = null, List<string>? MediaReferences = null,
    List<string>? Thread = null, string? FirstComment = null);

public sealed record ScheduledResult(int Id, string Status, DateTimeOffset? NextRunUtc)
{
    /// <summary>What the person may want to look at although the post was scheduled (a duplicate); absent when nothing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FieldWarning>? Warnings { get; init; }
}
