using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace SocialOps.Core.Publishing.Connections.OAuth;

/// <summary>What the person fills in before being sent to the platform to sign in. <c>InstanceUrl</c>: the Mastodon instance
/// (required there); for X and LinkedIn an optional other API address. Facebook and Instagram need no name: each chosen
/// Page or Instagram account is named after itself.</summary>
public sealed record OAuthRequest(string? Platform, string? Name, string? TimeZone = null, string? InstanceUrl = null, string? AuthorUrn = null);

/// <summary>What came back from the platform: a connection, a choice still to make (Facebook's Pages, sealed), or why not.</summary>
public sealed record OAuthOutcome(ConnectionView? Connection, string? Choice, string? Problem);

/// <summary>
/// Connecting an account through the platform's OAuth 2.0 authorization-code flow with PKCE (RFC 7636, S256): Mastodon
/// (SocialOps registers itself on the instance first), X and LinkedIn (with the installation's app from settings).
/// Meta's flows (Facebook Login for Facebook Pages and Instagram, and Threads) take no PKCE: their state and the app
/// secret, sent only from this server, guard the exchange; Facebook then lets the person choose Pages (<see cref="MetaChoice"/>).
/// What must survive the round trip (the PKCE verifier, the state, the client) travels sealed and time-limited in a
/// cookie of the browser that started it, so any instance of a cluster can finish it; the <c>state</c> parameter ties
/// the answer to that browser, and the signed-in person must be the one who started.
/// </summary>
public sealed partial class OAuthFlow(
    OAuthClient client, MetaOAuthClient meta, MetaChoice choice, IOptions<OAuthOptions> options, NetworkGuard guard, ConnectionService connections,
    IDataProtectionProvider protection, TimeProvider time)
{
    public const string RefreshToken = "refreshToken";
    public const string ExpiresAt = "expiresAt";
    public const string ClientId = "clientId";
    public const string ClientSecret = "clientSecret";
    public const string TokenUrl = "tokenUrl";

    /// <summary>How a token without a refresh token is renewed: <see cref="ThreadsRenewal"/> (the token itself renews).</summary>
    public const string Renewal = "renewal";
    public const string ThreadsRenewal = "th_refresh_token";
    private const string AccessTokenField = "accessToken";

    /// <summary>How long a person may take on the platform's sign-in page.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("SocialOps.OAuth.v1").ToTimeLimitedDataProtector();

    /// <summary>Platforms whose sign-in flow can be used here: Mastodon always, the others once their app is set.</summary>
    public IReadOnlyList<Platform> Available =>
        [Platform.Mastodon, .. new[] { Platform.X, Platform.LinkedIn, Platform.Threads, Platform.Facebook, Platform.Instagram }.Where(p => options.Value.For(p)?.IsConfigured == true)];

    /// <summary>The platform's authorisation page to send the browser to, and the sealed state to keep in its cookie.</summary>
    public async Task<(Uri? AuthorizeUrl, string? Pending, ValidationErrors Errors)> BeginAsync(OAuthRequest request, Uri redirectUri, string userId, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        var errors = new ValidationErrors();
        if (!string.IsNullOrWhiteSpace(request.TimeZone) && Zones.Find(request.TimeZone.Trim()) is null)
        {
            errors.Add("timeZone", $"Unknown time zone '{request.TimeZone}'. Use an IANA id such as Europe/Berlin.");
        }

        var platform = request.Platform?.Trim().ToLowerInvariant() switch
        {
            "mastodon" => Platform.Mastodon,
            "x" => Platform.X,
            "linkedin" => Platform.LinkedIn,
            "threads" => Platform.Threads,
            "facebook" or "instagram" or "meta" => Platform.Facebook, // one Facebook sign-in offers Pages and their Instagram accounts
            _ => (Platform?)null,
        };
        if (platform is null)
        {
            errors.Add("platform", "Signing in is offered for mastodon, x, linkedin, threads, facebook and instagram; other platforms take a token.");
            return (null, null, errors);
        }

        if (platform != Platform.Facebook && request.Name?.Trim() is not { Length: > 0 and <= 200 })
        {
            errors.Add("name", "Give the connection a name of 1 to 200 characters.");
        }

        // Mastodon's instance; for X and LinkedIn an optional other API address (a stand-in, a proxy).
        Uri? instance = null;
        if (platform == Platform.Mastodon || !string.IsNullOrWhiteSpace(request.InstanceUrl))
        {
            (instance, var problem) = guard.CheckUrl(request.InstanceUrl);
            if (problem is not null)
            {
                errors.Add("instanceUrl", $"The {(platform == Platform.Mastodon ? "instance" : "API")} address: {problem}");
            }
        }

        if (platform != Platform.Mastodon && options.Value.For(platform.Value) is not { IsConfigured: true })
        {
            var section = platform == Platform.Facebook ? "Meta" : platform.ToString();
            errors.Add("platform", $"Signing in with {platform} needs the installation's {section} app: set Connectors:OAuth:{section}:ClientId (and ClientSecret). Until then, paste an access token.");
        }

        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        string clientId, authorize, scopes;
        string? secret;
        Uri tokenUrl;
        try
        {
            if (platform == Platform.Mastodon)
            {
                instance = new Uri(instance!.GetLeftPart(UriPartial.Authority));
                scopes = "read write";
                (clientId, secret) = await client.RegisterMastodonAppAsync(instance, options.Value.ClientName, redirectUri, scopes, ct);
                (authorize, tokenUrl) = (new Uri(instance, "/oauth/authorize").AbsoluteUri, new Uri(instance, "/oauth/token"));
            }
            else
            {
                var app = options.Value.For(platform.Value)!;
                (clientId, secret, authorize, tokenUrl, scopes) = (app.ClientId!, app.ClientSecret, app.AuthorizeUrl, new Uri(app.TokenUrl), app.Scopes);
                if (platform is Platform.Facebook or Platform.Threads)
                {
                    secret = null; // read from settings when the answer comes: the app secret never travels in the cookie
                }
            }
        }
        catch (PublishException ex)
        {
            errors.Add("instanceUrl", ex.Message);
            return (null, null, errors);
        }

        // LinkedIn's, Facebook's and Threads' web flows have no PKCE (Facebook offers it only in its OIDC identity flow, still
        // in testing); their app secret, used only from this server, and the state guard the exchange.
        var verifier = platform is Platform.LinkedIn or Platform.Facebook or Platform.Threads ? null : Base64Url(RandomNumberGenerator.GetBytes(32));
        var pending = new Pending(
            platform.Value, request.Name?.Trim() ?? "", request.TimeZone?.Trim(), instance?.AbsoluteUri, request.AuthorUrn?.Trim(), clientId, secret,
            tokenUrl.AbsoluteUri, verifier, Base64Url(RandomNumberGenerator.GetBytes(16)), redirectUri.AbsoluteUri, userId);
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = redirectUri.AbsoluteUri, ["scope"] = scopes, ["state"] = pending.State,
        };
        if (platform == Platform.Facebook && options.Value.Meta.ConfigId is { Length: > 0 } config)
        {
            query.Remove("scope"); // Facebook Login for Business: the configuration names the permissions
            query["config_id"] = config;
        }

        if (verifier is not null)
        {
            (query["code_challenge"], query["code_challenge_method"]) = (Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))), "S256");
        }

        var url = new Uri($"{authorize}{(authorize.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"))}");
        return (url, _protector.Protect(JsonSerializer.Serialize(pending), time.GetUtcNow().Add(Lifetime)), errors);
    }

    /// <summary>Finishes the flow the platform redirected back to: checks the state, exchanges the code, and connects the account.</summary>
    public async Task<(ConnectionView? Connection, string? Problem)> CompleteAsync(
        string? sealedPending, string? state, string? code, string? error, string? errorDescription, string userId, Actor actor, CancellationToken ct = default)
    {
        var outcome = await FinishAsync(sealedPending, state, code, error, errorDescription, userId, actor, ct);
        return (outcome.Connection, outcome.Problem ?? (outcome.Choice is null ? null : "Choose the Pages to connect."));
    }

    /// <summary>As <see cref="CompleteAsync"/>; a Facebook sign-in ends in a sealed choice of Pages instead of a connection.</summary>
    public async Task<OAuthOutcome> FinishAsync(
        string? sealedPending, string? state, string? code, string? error, string? errorDescription, string userId, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        const string StartAgain = "The sign-in could not be matched to one started in this browser in the last 15 minutes; start it again from Settings → Connections.";
        Pending? pending = null;
        try
        {
            if (sealedPending is not null)
            {
                pending = JsonSerializer.Deserialize<Pending>(_protector.Unprotect(sealedPending, out var expires));
                pending = expires < time.GetUtcNow() ? null : pending;
            }
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            pending = null;
        }

        if (pending is null || string.IsNullOrEmpty(state) || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state), Encoding.ASCII.GetBytes(pending.State))
            || pending.UserId != userId)
        {
            return new(null, null, StartAgain);
        }

        if (!string.IsNullOrEmpty(error) || string.IsNullOrEmpty(code))
        {
            var why = errorDescription ?? error ?? "no authorisation code came back";
            return new(null, null, $"{pending.Platform} did not authorise SocialOps: {(why.Length > 200 ? why[..200] : why)}.");
        }

        if (pending.Platform is Platform.Facebook or Platform.Threads)
        {
            return await FinishMetaAsync(pending, code, actor, ct);
        }

        OAuthTokens tokens;
        try
        {
            tokens = await client.ExchangeCodeAsync(
                new OAuthClientCredentials(pending.Platform, pending.ClientId, pending.ClientSecret, new Uri(pending.TokenUrl)), code, new Uri(pending.RedirectUri), pending.Verifier, ct);
        }
        catch (PublishException ex)
        {
            return new(null, null, ex.Message);
        }

        var grant = Grant(pending, tokens);
        var (view, errors) = await connections.AddAsync(
            new NewConnection(pending.Platform.ToString().ToLowerInvariant(), pending.Name, pending.BaseUrl, AccessToken: tokens.AccessToken, TimeZone: pending.TimeZone,
                AuthorUrn: pending.AuthorUrn), actor, grant, ct);
        return view is null ? new(null, null, string.Join(" ", errors.SelectMany(e => e.Value))) : new(view, null, null);
    }

    /// <summary>What a connection keeps to renew its own token: only when the platform gave a refresh token.</summary>
    private static Dictionary<string, string> Grant(Pending pending, OAuthTokens tokens)
    {
        var grant = new Dictionary<string, string>();
        if (tokens.RefreshToken is { Length: > 0 } refresh && tokens.ExpiresAt is { } expires)
        {
            (grant[RefreshToken], grant[ExpiresAt], grant[ClientId], grant[TokenUrl]) = (refresh, expires.ToString("O"), pending.ClientId, pending.TokenUrl);
            if (pending.ClientSecret is { Length: > 0 } secret)
            {
                grant[ClientSecret] = secret;
            }
        }

        return grant;
    }

    /// <summary>
    /// True when the stored access token can be renewed and is due: a refresh-token grant (X) within two minutes of its
    /// end; a Threads token within three days of its 60 (it can be renewed once a day old, never once expired).
    /// </summary>
    public static bool NeedsRefresh(IReadOnlyDictionary<string, string> secrets, DateTimeOffset now)
    {
        var margin = secrets.ContainsKey(RefreshToken) ? TimeSpan.FromMinutes(2)
            : secrets.GetValueOrDefault(Renewal) == ThreadsRenewal ? TimeSpan.FromDays(3)
            : (TimeSpan?)null;
        return margin is { } m && secrets.TryGetValue(ExpiresAt, out var text)
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var expires)
            && expires <= now.Add(m);
    }

    /// <summary>When the stored access token ends (null when the platform did not say), and whether SocialOps renews it itself.</summary>
    public static (DateTimeOffset? ExpiresAt, bool RenewsItself) TokenOf(IReadOnlyDictionary<string, string> secrets)
    {
        var renews = secrets.ContainsKey(RefreshToken) || secrets.GetValueOrDefault(Renewal) == ThreadsRenewal;
        return secrets.TryGetValue(ExpiresAt, out var text)
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var expires)
            ? (expires, renews) : (null, renews);
    }

    /// <summary>The secrets with a renewed token (a platform that rotates refresh tokens gives a new one too).</summary>
    public static Dictionary<string, string> Renewed(IReadOnlyDictionary<string, string> secrets, OAuthTokens tokens)
    {
        var renewed = new Dictionary<string, string>(secrets) { [AccessTokenField] = tokens.AccessToken };
        if (tokens.RefreshToken is { Length: > 0 } refresh)
        {
            renewed[RefreshToken] = refresh;
        }

        if (tokens.ExpiresAt is { } expires)
        {
            renewed[ExpiresAt] = expires.ToString("O");
        }
        else
        {
            renewed.Remove(ExpiresAt);
        }

        return renewed;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Pending(
        Platform Platform, string Name, string? TimeZone, string? BaseUrl, string? AuthorUrn, string ClientId, string? ClientSecret,
        string TokenUrl, string? Verifier, string State, string RedirectUri, string UserId);
}
