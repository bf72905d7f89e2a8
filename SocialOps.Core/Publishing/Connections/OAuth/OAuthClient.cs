using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SocialOps.Core.Publishing.Connections.OAuth;

/// <summary>Tokens as a platform's token endpoint answers them (RFC 6749 §5.1).</summary>
public sealed record OAuthTokens(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt);

/// <summary>An app registered on one Mastodon instance.</summary>
public sealed record RegisteredApp(string ClientId, string ClientSecret);

/// <summary>
/// The OAuth 2.0 calls: the authorization-code exchange (with the PKCE verifier), refreshing, and Mastodon's dynamic
/// app registration. Failures are <see cref="PublishException"/>s with the platform's own reason and never a secret.
/// </summary>
public sealed class OAuthClient(HttpClient http, TimeProvider time)
{
    public async Task<RegisteredApp> RegisterMastodonAppAsync(Uri instance, string clientName, Uri redirectUri, string scopes, CancellationToken ct)
    {
        var body = await SendAsync(new Uri(instance, "/api/v1/apps"), new Dictionary<string, string>
        {
            ["client_name"] = clientName, ["redirect_uris"] = redirectUri.AbsoluteUri, ["scopes"] = scopes,
        }, null, "register SocialOps on the instance", ct);
        return new RegisteredApp(
            Json.Required(body.Str("client_id"), Platform.Mastodon, "client_id"),
            Json.Required(body.Str("client_secret"), Platform.Mastodon, "client_secret"));
    }

    public Task<OAuthTokens> ExchangeCodeAsync(OAuthClientCredentials client, string code, Uri redirectUri, string? verifier, CancellationToken ct)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri.AbsoluteUri,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return TokensAsync(client, form, "exchange the authorisation for a token", ct);
    }

    public Task<OAuthTokens> RefreshAsync(OAuthClientCredentials client, string refreshToken, CancellationToken ct) =>
        TokensAsync(client, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, "refresh the access token", ct);

    private async Task<OAuthTokens> TokensAsync(OAuthClientCredentials client, Dictionary<string, string> form, string what, CancellationToken ct)
    {
        // X wants a confidential client in HTTP Basic (RFC 6749 §2.3.1); Mastodon and LinkedIn read the client from the form.
        AuthenticationHeaderValue? basic = null;
        if (client.Platform == Platform.X && client.ClientSecret is { Length: > 0 } secret)
        {
            basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(secret)}")));
        }
        else
        {
            form["client_id"] = client.ClientId;
            if (client.ClientSecret is { Length: > 0 } formSecret)
            {
                form["client_secret"] = formSecret;
            }
        }

        var body = await SendAsync(client.TokenUrl, form, basic, what, ct);
        var access = Json.Required(body.Str("access_token"), client.Platform, "access_token");
        var expires = body.Number("expires_in") is { } seconds and > 0 ? time.GetUtcNow().AddSeconds(seconds) : (DateTimeOffset?)null;
        return new OAuthTokens(access, body.Str("refresh_token"), expires);
    }

    private async Task<JsonElement> SendAsync(Uri url, Dictionary<string, string> form, AuthenticationHeaderValue? auth, string what, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = auth;
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new PublishException(PublishFailureKind.Transient, $"Could not {what}: {url.Host} did not answer ({ex.Message}).");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement body;
            try
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new PublishException(PublishFailureKind.Permanent, $"Could not {what}: {url.Host} answered {(int)response.StatusCode} without JSON.");
            }

            if (!response.IsSuccessStatusCode || body.ValueKind != JsonValueKind.Object)
            {
                var reason = body.ValueKind == JsonValueKind.Object ? body.Str("error_description") ?? body.Str("error") : null;
                throw new PublishException(
                    (int)response.StatusCode >= 500 ? PublishFailureKind.Transient : PublishFailureKind.Permanent,
                    $"Could not {what}: {url.Host} answered {(int)response.StatusCode}{(reason is null ? "" : $" ({Clip(reason)})")}.");
            }

            return body;
        }
    }

    private static string Clip(string text) => text.Length > 300 ? text[..300] : text;
}

/// <summary>Who asks the token endpoint: the platform, the client and where the endpoint is.</summary>
public sealed record OAuthClientCredentials(Platform Platform, string ClientId, string? ClientSecret, Uri TokenUrl);
