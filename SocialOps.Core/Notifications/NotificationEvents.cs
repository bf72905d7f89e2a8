namespace SocialOps.Core.Notifications;

/// <summary>The events a channel may receive, by the names the API and the messages use.</summary>
public static class NotificationEvents
{
    public const string PostFailed = "post.failed";
    public const string PostUnconfirmed = "post.unconfirmed";
    public const string PostMissed = "post.missed";
    public const string ApprovalWaiting = "approval.waiting";
    public const string ConnectionExpiring = "connection.expiring";
    public const string ConnectionRenewalFailed = "connection.renewal_failed";
    public const string IngestionStalled = "ingestion.stalled";
    public const string AiBudgetReached = "ai.budget_reached";

    /// <summary>Only ever sent by "send test", whatever the channel's events.</summary>
    public const string Test = "test";

    /// <summary>Every event with what it means, in the order the Settings panel lists them.</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> All =
    [
        (PostFailed, "A post failed for good (no retries left, or the platform refused it)."),
        (PostUnconfirmed, "A post's publication was sent but its answer was lost: check the platform before retrying."),
        (PostMissed, "A post fell due while SocialOps was down and outside the grace window."),
        (ApprovalWaiting, "A post waits for an Approver."),
        (ConnectionExpiring, "A connection's token expires within 7 days."),
        (ConnectionRenewalFailed, "Renewing a connection's token failed: reconnect the account."),
        (IngestionStalled, "A connection has had no successful fetch for three intervals."),
        (AiBudgetReached, "The monthly AI budget is used up."),
    ];

    public static bool IsKnown(string name) => All.Any(e => e.Name == name);
}

/// <summary>One event as every channel receives it.</summary>
public sealed record NotificationMessage(string Event, string Key, string Text, int? PostId, string? Url, DateTimeOffset OccurredAt);
