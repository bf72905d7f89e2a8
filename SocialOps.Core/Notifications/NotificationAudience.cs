using SocialOps.Core.Identity;

namespace SocialOps.Core.Notifications;

/// <summary>
/// Who may hear which event as a person, and what reaches them when they have not chosen. A person only ever hears
/// what their role lets them see or act on: waiting approvals need someone who can approve; a post's outcome needs
/// someone who schedules posts, and an Editor hears only about the posts they wrote themselves (Approvers and Admins
/// see every post); the AI budget concerns whoever writes AI drafts; connections and ingestion are Admin business.
/// Analysts hear nothing. By default Approvers and Admins find approval.waiting in their centre, Admins every other
/// event too; email is off until chosen.
/// </summary>
public static class NotificationAudience
{
    /// <summary>The least access that may hear <paramref name="eventName"/>.</summary>
    public static Access Needs(string eventName) => eventName switch
    {
        NotificationEvents.ApprovalWaiting => Access.Approver,
        NotificationEvents.PostFailed or NotificationEvents.PostUnconfirmed or NotificationEvents.PostMissed => Access.Editor,
        NotificationEvents.AiBudgetReached => Access.Editor,
        _ => Access.Admin,
    };

    /// <summary>Whether someone with <paramref name="access"/> may choose <paramref name="eventName"/> at all.</summary>
    public static bool MayHear(string eventName, Access access) =>
        NotificationEvents.IsKnown(eventName) && access is >= Access.Analyst and <= Access.Admin && access >= Needs(eventName);

    /// <summary>Whether they hear only of posts they wrote themselves (an Editor, of a post's outcome).</summary>
    public static bool OwnPostsOnly(string eventName, Access access) => IsPostOutcome(eventName) && access < Access.Approver;

    /// <summary>What reaches the centre of someone who has not chosen.</summary>
    public static bool InAppByDefault(string eventName, Access access) =>
        MayHear(eventName, access) && (eventName == NotificationEvents.ApprovalWaiting || access == Access.Admin);

    /// <summary>The events someone with <paramref name="access"/> may choose, in the Settings panel's order.</summary>
    public static IReadOnlyList<(string Name, string Meaning)> For(Access access) =>
        [.. NotificationEvents.All.Where(e => MayHear(e.Name, access))];

    /// <summary>The access of a person with these role names.</summary>
    public static Access AccessOf(IReadOnlyCollection<string> roleNames) => Roles.AccessOf(roleNames.Contains);

    private static bool IsPostOutcome(string eventName) =>
        eventName is NotificationEvents.PostFailed or NotificationEvents.PostUnconfirmed or NotificationEvents.PostMissed;
}
