using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocialOps.Core.Notifications;

/// <summary>The body each webhook format expects, and the subject and text of an email.</summary>
public static class ChannelMessages
{
    public static string Subject(NotificationMessage m) => m.Event switch
    {
        NotificationEvents.Test => "SocialOps: test notification",
        NotificationEvents.PostFailed => $"SocialOps: post {m.PostId} failed",
        NotificationEvents.PostUnconfirmed => $"SocialOps: post {m.PostId} unconfirmed",
        NotificationEvents.PostMissed => $"SocialOps: post {m.PostId} missed",
        NotificationEvents.ApprovalWaiting => $"SocialOps: post {m.PostId} waits for approval",
        "digest" => "SocialOps: several notifications",
        _ => $"SocialOps: {m.Event}",
    };

    /// <summary>The plain text of a message: the text, then the link when there is one.</summary>
    public static string Body(NotificationMessage m) => m.Url is null ? m.Text : $"{m.Text}\n\n{m.Url}";

    public static string WebhookBody(WebhookFormat format, NotificationMessage m)
    {
        var text = Body(m);
        JsonNode body = format switch
        {
            WebhookFormat.Slack => new JsonObject { ["text"] = $"*{Subject(m)}*\n{text}" },
            WebhookFormat.Discord => new JsonObject { ["content"] = Clip($"**{Subject(m)}**\n{text}", 2000) },
            WebhookFormat.Teams => new JsonObject
            {
                ["@type"] = "MessageCard",
                ["@context"] = "https://schema.org/extensions",
                ["summary"] = Subject(m),
                ["title"] = Subject(m),
                ["text"] = text.Replace("\n", "<br>", StringComparison.Ordinal),
            },
            _ => new JsonObject
            {
                ["event"] = m.Event,
                ["text"] = m.Text,
                ["postId"] = m.PostId,
                ["url"] = m.Url,
                ["occurredAtUtc"] = m.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            },
        };
        return body.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>One message standing for many (a burst to one channel): each line names the event and its post.</summary>
    public static NotificationMessage Digest(IReadOnlyList<NotificationDelivery> rows, DateTimeOffset now)
    {
        var lines = rows.OrderBy(r => r.OccurredAt).Take(50)
            .Select(r => $"- {r.Event}{(r.PostId is { } id ? $" (post {id})" : "")}: {FirstLine(r.Text)}");
        var more = rows.Count > 50 ? $"\n… and {rows.Count - 50} more." : "";
        return new NotificationMessage("digest", $"digest:{rows[0].Id}", $"{rows.Count} notifications at once:\n{string.Join('\n', lines)}{more}", null, null, now);
    }

    private static string FirstLine(string text) => Clip(text.Split('\n')[0], 200);

    private static string Clip(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}
