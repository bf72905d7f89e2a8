using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using SocialOps.Core.Analytics.Wall;

namespace SocialOps.Web.Identity;

/// <summary>
/// The wall screen's sign-in: a one-time pairing code (typed in, or in a one-time link) sets a cookie of its own (role
/// <see cref="Role"/>, which no other page or endpoint admits) and reloads a bare <c>/wall</c>. The cookie is re-checked
/// against its screen on every request, so revoking a screen ends it.
/// </summary>
public static class KioskSignIn
{
    public const string Scheme = "Kiosk";
    public const string Role = "Kiosk";
    public const string KeyClaim = "socialops:kiosk_key";
    public const string CookieName = "SocialOps.Wall";
    public const string WallPath = "/wall";

    public static AuthenticationBuilder AddKioskCookie(this AuthenticationBuilder auth) => auth.AddCookie(Scheme, o =>
    {
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.LoginPath = "/account/login";
        o.AccessDeniedPath = "/account/access-denied";
        o.ExpireTimeSpan = TimeSpan.FromDays(30);
        o.SlidingExpiration = true;
        o.Events.OnValidatePrincipal = async context =>
        {
            if (KeyId(context.Principal) is not { } id
                || !await context.HttpContext.RequestServices.GetRequiredService<KioskKeyService>().IsActiveAsync(id, context.HttpContext.RequestAborted))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(Scheme);
            }
        };
    });

    /// <summary>Requests that carry the wall cookie and no user cookie authenticate as the wall.</summary>
    public static bool IsKioskRequest(HttpContext context) =>
        context.Request.Cookies.ContainsKey(CookieName) && !context.Request.Cookies.ContainsKey("SocialOps.Auth");

    public static int? KeyId(ClaimsPrincipal? principal) =>
        int.TryParse(principal?.FindFirstValue(KeyClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>
    /// Pages need an Analyst at least; the circuit's own endpoints (<c>/_blazor</c>) also admit the wall, whose circuit
    /// still renders nothing but <c>/wall</c>: every page names its policy, which the router checks inside the circuit.
    /// </summary>
    public static void RequireAnalystOrWallCircuit(EndpointBuilder endpoint) =>
        endpoint.Metadata.Add(new AuthorizeAttribute(
            endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && route.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal)
                ? Policies.Wall
                : Policies.Analyst));

    /// <summary>
    /// Links of the old form (<c>/wall?key=…</c>) open nothing any more: they end any wall sign-in of the browser and land on
    /// the pairing box with a message, so a key copied from a log or a browser's history is worthless.
    /// </summary>
    public static IApplicationBuilder UseKioskKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.Equals(WallPath, StringComparison.OrdinalIgnoreCase)
            || !context.Request.Query.ContainsKey("key"))
        {
            await next(context);
            return;
        }

        await context.SignOutAsync(Scheme);
        context.Response.Redirect($"{WallPath}?pairing={OldLink}");
    });

    public const string PairPath = "/wall/pair";
    public const string Invalid = "invalid";
    public const string OldLink = "old-link";

    /// <summary>
    /// Pairing a screen: the code typed into the box on <c>/wall</c> (a form post with the antiforgery token), or the one-time
    /// link <c>/wall/pair?code=…</c>, which is used up at once. Either way the screen gets the wall cookie and goes to a bare
    /// <c>/wall</c>; a wrong, used or expired code goes back to the box with a message. Attempts are rate limited per address.
    /// </summary>
    public static void MapWallPairing(this IEndpointRouteBuilder app)
    {
        app.MapPost(PairPath, async (HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem("Enter the code in the box on the wall page.", statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token");
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            return await PairAsync(http, form["code"].ToString());
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SecurityHosting.WallPairLimit).ExcludeFromDescription();

        app.MapGet(PairPath, (HttpContext http, string? code) => PairAsync(http, code))
            .AllowAnonymous().RequireRateLimiting(SecurityHosting.WallPairLimit).ExcludeFromDescription();
    }

    private static async Task<IResult> PairAsync(HttpContext context, string? code)
    {
        var entity = await context.RequestServices.GetRequiredService<KioskKeyService>()
            .RedeemAsync(code, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        if (entity is null)
        {
            return Redirect(context, $"{WallPath}?pairing={Invalid}");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"Wall screen ({entity.Name})"), new Claim(ClaimTypes.Role, Role),
                new Claim(KeyClaim, entity.Id.ToString(CultureInfo.InvariantCulture))],
            Scheme, ClaimTypes.Name, ClaimTypes.Role);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        return Redirect(context, WallPath);
    }

    // No-store: the browser keeps neither the answer nor, on a one-time link, anything to replay.
    private static IResult Redirect(HttpContext context, string path)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.LocalRedirect(path);
    }
}
