using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using SocialOps.Core.Publishing.Connections.OAuth;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

/// <summary>
/// The browser side of "Sign in with …" in Settings → Connections: start (a form post with the antiforgery token) sends the browser to the platform with the
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
        // Starting a sign-in changes state (it registers the app on the instance and plants a connection on return), so it
        // is a form post that carries the antiforgery token: a page the Admin merely visits cannot start one.
        group.MapPost("/start", StartAsync).DisableAntiforgery(); // validated in StartAsync, with a clear 400
        app.MapGet($"{CookiePath}/start", (HttpContext http) =>
        {
            http.Response.Headers.Allow = HttpMethods.Post;
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/callback", CallbackAsync);
    }

    private static async Task<IResult> StartAsync(HttpContext http, IAntiforgery antiforgery, OAuthFlow flow, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem("Start the sign-in from Settings → Connections.", statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token");
        }

        var form = await http.Request.ReadFormAsync(ct);
        string? Field(string name) => form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;
        var callback = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{CallbackPath}");
        var request = new OAuthRequest(Field("platform"), Field("name"), Field("timeZone"), Field("instanceUrl"), Field("authorUrn"));
        var (url, pending, errors) = await flow.BeginAsync(request, callback, UserId(http.User), http.User.ToActor(http), ct);
        if (url is null || pending is null)
        {
            return Back(error: string.Join(" ", errors.SelectMany(e => e.Value)));
        }

        SetCookie(http, pending);
        return ContinueTo(http, url);
    }

    /// <summary>
    /// A page that moves on to the platform by itself. A redirect would not do: browsers hold the redirects that answer a
    /// form post to the page's form-action policy ('self'), and the platform's sign-in page is elsewhere.
    /// </summary>
    private static IResult ContinueTo(HttpContext http, Uri url)
    {
        http.Response.Headers.CacheControl = "no-store";
        var href = HtmlEncoder.Default.Encode(url.AbsoluteUri);
        var host = HtmlEncoder.Default.Encode(url.Host);
        return Results.Content(
            $"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={href}"><link rel="icon" href="data:,"><title>Signing in…</title></head><body><p>Continuing to <a id="continue" href="{href}">{host}</a>…</p></body></html>""",
            "text/html; charset=utf-8");
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
