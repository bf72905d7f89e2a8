using System.Globalization;
using System.Text.Json;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>
/// A Mastodon instance on loopback answering as its API documentation says: Bearer tokens, statuses with an
/// Idempotency-Key (the same key returns the original status), context, notifications, X-RateLimit headers.
/// </summary>
public sealed class MastodonStandIn : IDisposable
{
    public const string Token = "mastodon-secret-token-9f3a";
    public const string AccountId = "109348502938475";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string Url => Server.Url!;

    public MastodonStandIn() => Reset();

    /// <summary>A 1×1 PNG the stand-in serves as the account's avatar.</summary>
    public static readonly byte[] AvatarPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>The instance's normal answers; tests add higher-priority mappings for failures.</summary>
    public void Reset()
    {
        Server.ResetMappings();
        Server.Given(Authed("/api/v1/accounts/verify_credentials", "GET")).AtPriority(10)
            .RespondWith(Json(Account(followers: 1234, avatar: Server.Url + "/avatars/brand.png")));
        Server.Given(Request.Create().WithPath("/avatars/brand.png").UsingGet()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "image/png").WithBody(AvatarPng));
        Server.Given(Request.Create().WithPath("/api/v2/instance").UsingGet()).AtPriority(10).RespondWith(Json(new
        {
            domain = "social.example",
            configuration = new { statuses = new { max_characters = 1000, max_media_attachments = 4, characters_reserved_per_url = 23 } },
        }));
        Server.Given(Request.Create().WithPath("/api/v1/statuses").UsingPost().WithHeader("Authorization", "Bearer " + Token)).AtPriority(10)
            .RespondWith(Json(Status("110000000000000001", "posted", DateTimeOffset.Parse("2026-11-27T10:00:00Z", CultureInfo.InvariantCulture))));
        Server.Given(Request.Create().WithPath("/api/v1/notifications").UsingGet()).AtPriority(10).RespondWith(Json(Array.Empty<object>()));
        Server.Given(Request.Create().WithPath(new RegexMatcher(@"^/api/v1/statuses/\d+$")).UsingGet().WithHeader("Authorization", "Bearer " + Token)).AtPriority(10)
            .RespondWith(Json(Status("1", "<p>a status</p>", DateTimeOffset.UnixEpoch, favourites: 1)));
        Server.Given(Request.Create().WithPath($"/api/v1/accounts/{AccountId}/statuses").UsingGet()).AtPriority(10).RespondWith(Json(Array.Empty<object>()));
        Server.Given(Request.Create().UsingAnyMethod()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody("""{"error":"The access token is invalid"}"""));
    }

    public static IRequestBuilder Authed(string path, string method) =>
        Request.Create().WithPath(path).UsingMethod(method).WithHeader("Authorization", "Bearer " + Token);

    public static IResponseBuilder Json(object body, int status = 200) =>
        Response.Create().WithStatusCode(status)
            .WithHeader("Content-Type", "application/json; charset=utf-8")
            .WithHeader("X-RateLimit-Limit", "300")
            .WithHeader("X-RateLimit-Remaining", "287")
            .WithHeader("X-RateLimit-Reset", "2026-11-27T10:05:00.000Z")
            .WithBody(JsonSerializer.Serialize(body));

    public static object Account(long followers = 10, string id = AccountId, string acct = "brand", string name = "Brand Coffee", string? avatar = null) => new
    {
        id,
        username = acct,
        acct,
        display_name = name,
        avatar = avatar ?? "https://files.social.example/accounts/avatars/brand.png",
        followers_count = followers,
        following_count = 12,
        statuses_count = 40,
        url = $"https://social.example/@{acct}",
    };

    public static object Status(string id, string html, DateTimeOffset at, string? inReplyTo = null, object? account = null, long favourites = 0, long replies = 0, long reblogs = 0) => new
    {
        id,
        created_at = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        in_reply_to_id = inReplyTo,
        in_reply_to_account_id = inReplyTo is null ? null : AccountId,
        visibility = "public",
        url = $"https://social.example/@brand/{id}",
        content = html,
        account = account ?? Account(),
        favourites_count = favourites,
        replies_count = replies,
        reblogs_count = reblogs,
        media_attachments = Array.Empty<object>(),
    };

    public static object Mention(string notificationId, object status) => new
    {
        id = notificationId,
        type = "mention",
        created_at = "2026-11-27T10:01:00.000Z",
        account = Account(id: "2", acct: "fan@other.example", name: "A Fan"),
        status,
    };

    public IReadOnlyList<WireMock.Logging.ILogEntry> Requests(string method, string path) =>
        [.. Server.LogEntries.Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path == path)];

    public void Dispose() => Server.Stop();
}
