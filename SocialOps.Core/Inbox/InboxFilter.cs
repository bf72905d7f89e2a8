using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Inbox;

/// <summary>
/// What the inbox shows; every field left null lets everything through. <see cref="NeedsReply"/>: only the open items that
/// need a reply (<see cref="InboxQueries.NeedsReplyAsync"/>), the queue the navigation's badge and the dashboard count.
/// </summary>
public sealed record InboxFilter(
    HandledState? State = null, Platform? Platform = null, int? AccountId = null, SentimentLabel? Sentiment = null, Intent? Intent = null,
    ResponsePriority? Priority = null, string? AssigneeId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Query = null,
    bool NeedsReply = false)
{
    /// <summary><see cref="AssigneeId"/> value for "assigned to nobody".</summary>
    public const string Unassigned = "none";
}

/// <summary>The wire names of the inbox's states: <c>open</c>, <c>replied</c>, <c>handled</c>, <c>escalated</c>.</summary>
public static class InboxStates
{
    public static readonly IReadOnlyList<HandledState> All = [HandledState.Open, HandledState.Replied, HandledState.Dismissed, HandledState.Escalated];

    public static string Name(this HandledState state) => state switch
    {
        HandledState.Replied => "replied",
        HandledState.Dismissed => "handled",
        HandledState.Escalated => "escalated",
        _ => "open",
    };

    public static bool TryParse(string? name, out HandledState state)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = HandledState.Open;
        return false;
    }
}
