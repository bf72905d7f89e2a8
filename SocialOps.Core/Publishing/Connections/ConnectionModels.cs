using SocialOps.Core.Publishing.Bluesky;
using SocialOps.Core.Publishing.LinkedIn;
using SocialOps.Core.Publishing.Mastodon;
using SocialOps.Core.Publishing.Meta;
using SocialOps.Core.Publishing.Webhook;
using SocialOps.Core.Publishing.X;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>
/// A new connection. Mastodon: <c>baseUrl</c> and <c>accessToken</c>; Bluesky: <c>identifier</c> (handle) and
/// <c>appPassword</c>, <c>baseUrl</c> optional (the PDS, https://bsky.social by default); Webhook: <c>baseUrl</c> (the
/// target) and a <c>whsec_</c> <c>secret</c>; X: <c>accessToken</c> (OAuth 2.0 user token); LinkedIn: <c>accessToken</c>
/// and optionally <c>authorUrn</c> (an organisation); Threads: <c>accessToken</c>; Facebook and Instagram: <c>accessToken</c>
/// and <c>accountId</c> (the Page or Instagram user id); Sandbox: <c>behavesAs</c>, the platform whose rules it follows.
/// </summary>
public sealed record NewConnection(
    string? Platform, string? Name, string? BaseUrl = null, string? AccessToken = null, string? Secret = null,
    string? BehavesAs = null, string? TimeZone = null, string? Identifier = null, string? AppPassword = null, string? AuthorUrn = null,
    string? AccountId = null);

/// <summary>A connection as the API and the UI show it: never any secret.</summary>
public sealed record ConnectionView(
    int Id, string Platform, string Name, string Status, string? BehavesAs, string? Handle, string? AvatarUrl, string? BaseUrl,
    string TimeZone, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastErrorAt, string? LastError,
    int? RateLimitRemaining, DateTimeOffset? RateLimitResetAt, int MaxLength, int CommentFetchFailures, string? CommentFetchError,
    DateTimeOffset? CommentFetchErrorAt)
{
    public static ConnectionView Of(PlatformAccount a) => new(
        a.Id, a.IsSandbox ? "sandbox" : PlatformName(a.Platform), a.DisplayName, StatusOf(a), a.IsSandbox ? PlatformName(a.Platform) : null, a.Handle, a.AvatarUrl,
        ShownUrl(a), a.TimeZone, a.IsDemo, a.CreatedAt, a.LastSuccessAt, a.LastErrorAt, a.LastError, a.RateLimitRemaining, a.RateLimitResetAt,
        a.MaxLength ?? ContentRules.For(a.Platform).MaxLength, a.CommentFetchFailures, a.CommentFetchError, a.CommentFetchErrorAt);

    /// <summary>A webhook target's path and query may be its secret: only its scheme and host are shown.</summary>
    private static string? ShownUrl(PlatformAccount a) =>
        a.Platform == Publishing.Platform.Webhook && a.BaseUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"{u.Scheme}://{u.Authority}/…" : a.BaseUrl;

    /// <summary><c>connected</c>, <c>paused</c>, or <c>error</c> when the newest call failed.</summary>
    public static string StatusOf(PlatformAccount a) =>
        a.IsPaused ? "paused" : a.LastErrorAt is { } failed && (a.LastSuccessAt is null || a.LastSuccessAt < failed) ? "error" : "connected";

    public static string PlatformName(Platform p) => p.ToString().ToLowerInvariant();
}

/// <summary>An account as pickers and lists name it: the platform whose rules it follows, its name, handle and zone.</summary>
public sealed record AccountSummary(int Id, Platform Platform, string DisplayName, string? Handle, string TimeZone);

/// <summary>Each platform's credential fields and default address.</summary>
public static class ConnectionFields
{
    public static Dictionary<string, string> Secrets(Platform platform, NewConnection request, ValidationErrors errors)
    {
        var secrets = new Dictionary<string, string>();
        switch (platform)
        {
            case Platform.Mastodon when string.IsNullOrWhiteSpace(request.AccessToken):
                errors.Add("accessToken", "Give the account's access token (Preferences → Development → your application).");
                break;
            case Platform.Mastodon:
                secrets[MastodonConnector.AccessToken] = request.AccessToken.Trim();
                break;
            case Platform.Bluesky when string.IsNullOrWhiteSpace(request.Identifier) || string.IsNullOrWhiteSpace(request.AppPassword):
                errors.Add(string.IsNullOrWhiteSpace(request.Identifier) ? "identifier" : "appPassword",
                    "Give the account's handle (identifier) and an app password (Settings → Privacy and security → App passwords).");
                break;
            case Platform.Bluesky:
                (secrets[BlueskyConnector.Identifier], secrets[BlueskyConnector.AppPassword]) = (request.Identifier.Trim(), request.AppPassword.Trim());
                break;
            case Platform.X or Platform.LinkedIn when string.IsNullOrWhiteSpace(request.AccessToken):
                errors.Add("accessToken", $"Give the OAuth 2.0 user access token of the {platform} account.");
                break;
            case Platform.X:
                secrets[XConnector.AccessToken] = request.AccessToken.Trim();
                break;
            case Platform.LinkedIn:
                secrets[LinkedInConnector.AccessToken] = request.AccessToken.Trim();
                if (!string.IsNullOrWhiteSpace(request.AuthorUrn))
                {
                    secrets[LinkedInConnector.AuthorUrn] = request.AuthorUrn.Trim();
                }

                break;
            case Platform.Threads or Platform.Facebook or Platform.Instagram when string.IsNullOrWhiteSpace(request.AccessToken)
                || (platform != Platform.Threads && string.IsNullOrWhiteSpace(request.AccountId)):
                errors.Add(string.IsNullOrWhiteSpace(request.AccessToken) ? "accessToken" : "accountId",
                    platform == Platform.Threads ? "Give the Threads user access token." : $"Give the {platform} access token and the {(platform == Platform.Facebook ? "Page" : "Instagram user")} id (accountId).");
                break;
            case Platform.Threads or Platform.Facebook or Platform.Instagram:
                secrets[GraphClient.AccessToken] = request.AccessToken.Trim();
                secrets[GraphClient.AccountId] = string.IsNullOrWhiteSpace(request.AccountId) ? "me" : request.AccountId.Trim();
                break;
            case Platform.Webhook when WebhookSignature.Key(request.Secret?.Trim()) is null:
                errors.Add("secret", "Give the receiver's signing secret: whsec_ followed by 24 to 64 random bytes in base64.");
                break;
            case Platform.Webhook:
                secrets[WebhookConnector.SecretField] = request.Secret!.Trim();
                break;
        }

        return secrets;
    }

    /// <summary>Where a platform's API lives when the connection does not say (self-hosted platforms have none).</summary>
    public static Uri? DefaultBaseUrl(Platform platform) => platform switch
    {
        Platform.Bluesky => BlueskyConnector.DefaultBaseUrl,
        Platform.X => XConnector.DefaultBaseUrl,
        Platform.LinkedIn => LinkedInConnector.DefaultBaseUrl,
        Platform.Threads => ThreadsConnector.DefaultBaseUrl,
        Platform.Facebook => FacebookConnector.DefaultBaseUrl,
        Platform.Instagram => InstagramConnector.DefaultBaseUrl,
        _ => null,
    };
}
