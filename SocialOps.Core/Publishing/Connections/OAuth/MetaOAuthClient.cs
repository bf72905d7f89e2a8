using System.Net.Http.Headers;
using System.Text.Json;

namespace SocialOps.Core.Publishing.Connections.OAuth;

/// <summary>A Facebook Page the signed-in person manages, with the Instagram professional account linked to it (if any).</summary>
public sealed record MetaCandidate(
    string PageId, string PageName, string? PagePicture, string? InstagramId, string? InstagramUsername, string? InstagramPicture);

/// <summary>
/// Meta's token calls as its documentation describes them: Facebook Login's code exchange and long-lived user token
/// (<c>grant_type=fb_exchange_token</c>), the Pages a user manages with their Page tokens (<c>/me/accounts</c>), and
/// Threads' code exchange, long-lived token (<c>th_exchange_token</c>) and renewal (<c>th_refresh_token</c>). The app
/// secret only ever goes to Meta's servers from this server; error messages name the host, never a URL with its query.
/// </summary>
public sealed class MetaOAuthClient(HttpClient http, TimeProvider time)
{
    public Task<OAuthTokens> FacebookCodeAsync(OAuthApp app, string code, Uri redirectUri, CancellationToken ct) =>
        TokensAsync(HttpMethod.Get, Url(app.TokenUrl, new()
        {
            ["client_id"] = app.ClientId!, ["redirect_uri"] = redirectUri.AbsoluteUri, ["client_secret"] = app.ClientSecret!, ["code"] = code,
        }), null, Platform.Facebook, "exchange the authorisation for a token", ct);

    public Task<OAuthTokens> FacebookLongLivedAsync(OAuthApp app, string userToken, CancellationToken ct) =>
        TokensAsync(HttpMethod.Get, Url(app.TokenUrl, new()
        {
            ["grant_type"] = "fb_exchange_token", ["client_id"] = app.ClientId!, ["client_secret"] = app.ClientSecret!, ["fb_exchange_token"] = userToken,
        }), null, Platform.Facebook, "exchange the sign-in for a long-lived token", ct);

    /// <summary>The Pages the person manages, each with its Page token (kept on this server only).</summary>
    public async Task<IReadOnlyList<(MetaCandidate Candidate, string PageToken)>> PagesAsync(string apiUrl, string userToken, CancellationToken ct)
    {
        var url = new Uri($"{apiUrl.TrimEnd('/')}/me/accounts?fields={Uri.EscapeDataString("id,name,access_token,picture{url},instagram_business_account{id,username,profile_picture_url}")}&limit=100");
        var body = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", userToken) } },
            Platform.Facebook, "list the Facebook Pages", ct);
        var pages = new List<(MetaCandidate, string)>();
        foreach (var page in body.Get("data").Items())
        {
            if (page.Str("id") is not { } id || page.Str("access_token") is not { Length: > 0 } token)
            {
                continue; // a Page without a token cannot be published to: the person lacks a task on it
            }

            var ig = page.Get("instagram_business_account");
            pages.Add((new MetaCandidate(id, page.Str("name") ?? id, page.Path("picture", "data")?.Str("url"),
                ig?.Str("id"), ig?.Str("username"), ig?.Str("profile_picture_url")), token));
        }

        return pages;
    }

    public Task<OAuthTokens> ThreadsCodeAsync(OAuthApp app, string code, Uri redirectUri, CancellationToken ct) =>
        TokensAsync(HttpMethod.Post, new Uri(app.TokenUrl), new Dictionary<string, string>
        {
            ["client_id"] = app.ClientId!, ["client_secret"] = app.ClientSecret!, ["grant_type"] = "authorization_code",
            ["redirect_uri"] = redirectUri.AbsoluteUri, ["code"] = code,
        }, Platform.Threads, "exchange the authorisation for a token", ct);

    public Task<OAuthTokens> ThreadsLongLivedAsync(OAuthApp app, string shortToken, CancellationToken ct) =>
        TokensAsync(HttpMethod.Get, Url(new Uri(new Uri(app.TokenUrl), "/access_token").AbsoluteUri, new()
        {
            ["grant_type"] = "th_exchange_token", ["client_secret"] = app.ClientSecret!, ["access_token"] = shortToken,
        }), null, Platform.Threads, "exchange the sign-in for a long-lived token", ct);

    /// <summary>Where a Threads token is renewed: beside the token endpoint.</summary>
    public static Uri ThreadsRefreshUrl(OAuthApp app) => new(new Uri(app.TokenUrl), "/refresh_access_token");

    /// <summary>A long-lived Threads token (at least a day old, not yet expired) for a new one of 60 days.</summary>
    public Task<OAuthTokens> ThreadsRefreshAsync(Uri refreshUrl, string token, CancellationToken ct) =>
        TokensAsync(HttpMethod.Get, Url(refreshUrl.AbsoluteUri, new() { ["grant_type"] = "th_refresh_token", ["access_token"] = token }),
            null, Platform.Threads, "renew the access token", ct);

    private async Task<OAuthTokens> TokensAsync(HttpMethod method, Uri url, Dictionary<string, string>? form, Platform platform, string what, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url) { Content = form is null ? null : new FormUrlEncodedContent(form) };
        var body = await SendAsync(request, platform, what, ct);
        var access = Json.Required(body.Str("access_token"), platform, "access_token");
        var expires = body.Number("expires_in") is { } seconds and > 0 ? time.GetUtcNow().AddSeconds(seconds) : (DateTimeOffset?)null;
        return new OAuthTokens(access, null, expires);
    }

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, Platform platform, string what, CancellationToken ct)
    {
        var host = request.RequestUri!.Host;
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException)
        {
            throw new PublishException(PublishFailureKind.Transient, $"Could not {what}: {host} did not answer.");
        }
        finally
        {
            request.Dispose();
        }

        using (response)
        {
            JsonElement body;
            try
            {
                body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new PublishException(PublishFailureKind.Permanent, $"Could not {what}: {host} answered {(int)response.StatusCode} without JSON.");
            }

            if (!response.IsSuccessStatusCode || body.ValueKind != JsonValueKind.Object)
            {
                // Graph errors are {"error":{"message","type","code"}}; the OAuth ones {"error","error_description"}.
                var reason = body.ValueKind != JsonValueKind.Object ? null
                    : body.Path("error")?.ValueKind == JsonValueKind.Object ? body.Path("error")!.Value.Str("message") : body.Str("error_description") ?? body.Str("error");
                throw new PublishException(
                    (int)response.StatusCode >= 500 ? PublishFailureKind.Transient : PublishFailureKind.Permanent,
                    $"Could not {what}: {host} answered {(int)response.StatusCode}{(reason is null ? "" : $" ({(reason.Length > 300 ? reason[..300] : reason)})")}.",
                    httpStatus: (int)response.StatusCode);
            }

            return body;
        }
    }

    private static Uri Url(string baseUrl, Dictionary<string, string> query) =>
        new($"{baseUrl}{(baseUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"))}");
}
