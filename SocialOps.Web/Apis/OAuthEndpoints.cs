using System.Security.Claims;
using SocialOps.Core.Publishing.Connections.OAuth;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

/// <summary>
/// The browser side of "Sign in with …" in Settings → Connections: start sends the browser to the platform with the
/// sealed flow state in a short-lived cookie; the platform sends it back to the callback, which connects the account
/// and returns to the Connections tab with the outcome. A Facebook sign-in goes on to <see cref="ChoosePath"/>, where the
/// person picks Pages and Instagram accounts; the same cookie then holds the sealed choice.
/// </summary>
public static class OAuthEndpoints
{
    public const string CallbackPath = "/connections/oauth/callback";
    public const string ChoosePath = "/connections/oauth/choose";
    public const string Cookie = "socialops_oauth";
    public const string CookiePath = "/connections/oauth";

    public static void MapOAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/connections/oauth").RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        group.MapGet("/start", StartAsync);
        group.MapGet("/callback", CallbackAsync);
    }

    private static async Task<IResult> StartAsync(
        string? platform, string? name, string? timeZone, string? instanceUrl, string? authorUrn, HttpContext http, OAuthFlow flow, CancellationToken ct)
    {
        var callback = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{CallbackPath}");
        var (url, pending, errors) = await flow.BeginAsync(new OAuthRequest(platform, name, timeZone, instanceUrl, authorUrn), callback, UserId(http.User), http.User.ToActor(http), ct);
        if (url is null || pending is null)
        {
            return Back(error: string.Join(" ", errors.SelectMany(e => e.Value)));
        }

        SetCookie(http, pending);
        return Results.Redirect(url.AbsoluteUri);
    }

    public static void SetCookie(HttpContext http, string value) =>
        http.Response.Cookies.Append(Cookie, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax, // sent on the platform's top-level redirect back, not on cross-site requests
            Path = CookiePath,
            MaxAge = OAuthFlow.Lifetime,
            IsEssential = true,
        });

    public static void DeleteCookie(HttpContext http) => http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = CookiePath });

    private static async Task<IResult> CallbackAsync(HttpContext http, OAuthFlow flow, CancellationToken ct)
    {
        var query = http.Request.Query;
        http.Request.Cookies.TryGetValue(Cookie, out var pending);
        DeleteCookie(http);
        var outcome = await flow.FinishAsync(
            pending, query["state"], query["code"], query["error"], query["error_description"], UserId(http.User), http.User.ToActor(http), ct);
        if (outcome.Choice is { } choice)
        {
            SetCookie(http, choice);
            return Results.LocalRedirect(ChoosePath);
        }

        return outcome.Connection is null ? Back(error: outcome.Problem) : Back(connected: outcome.Connection.Name);
    }

    public static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity?.Name ?? "";

    private static IResult Back(string? error = null, string? connected = null) => Results.LocalRedirect(BackUrl(error, connected));

    /// <summary>The Connections tab with the outcome of a sign-in.</summary>
    public static string BackUrl(string? error = null, string? connected = null) => error is not null
        ? $"/settings?tab=connections&oauthError={Uri.EscapeDataString(error.Length > 500 ? error[..500] : error)}"
        : $"/settings?tab=connections&connected={Uri.EscapeDataString(connected ?? "")}";
}
