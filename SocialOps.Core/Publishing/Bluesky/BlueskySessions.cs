using System.Collections.Concurrent;
using System.Text.Json;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.Bluesky;

/// <summary>
/// Bluesky sessions, kept for the life of the process: creating one is limited to 30 per 5 minutes and 300 a day per
/// account, so each is created once and then refreshed. Held in memory only, never stored or logged.
/// </summary>
public sealed class BlueskySessions
{
    public sealed record Session(string AccessJwt, string RefreshJwt, string Did, string Handle);

    internal ConcurrentDictionary<string, Session> ByAccount { get; } = new();

    internal static Session Read(JsonElement body, Platform platform) => new(
        Json.Required(body.Str("accessJwt"), platform, "accessJwt"), Json.Required(body.Str("refreshJwt"), platform, "refreshJwt"),
        Json.Required(body.Str("did"), platform, "did"), body.Str("handle") ?? "");
}
