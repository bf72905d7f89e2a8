using SocialOps.Core.Notifications;

namespace SocialOps.Web.Components;

/// <summary>Where a notification in the centre leads inside SocialOps: the page where its event is dealt with.</summary>
public static class NotificationLinks
{
    public static string? For(UserNotificationView n) => n.Event switch
    {
        NotificationEvents.ApprovalWaiting => "review",
        NotificationEvents.PostFailed => "posts?status=Failed" + Post(n),
        NotificationEvents.PostUnconfirmed => "posts?status=Unconfirmed" + Post(n),
        NotificationEvents.PostMissed => "posts?status=Missed" + Post(n),
        NotificationEvents.ConnectionExpiring or NotificationEvents.ConnectionRenewalFailed or NotificationEvents.IngestionStalled => "settings?tab=connections",
        NotificationEvents.AiBudgetReached => "settings?tab=ai",
        _ => n.Url,
    };

    // The post itself opens over the list.
    private static string Post(UserNotificationView n) => n.PostId is { } id ? $"&post={id}" : "";

    /// <summary>The first line of the text: the centre shows that, the rest is in the email and the API.</summary>
    public static string Headline(UserNotificationView n) => n.Text.Split('\n')[0];
}
