using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using SocialOps.Core.Analytics.Wall;

namespace SocialOps.Web.Identity;

/// <summary>
/// The wall screen's sign-in: <c>/wall?key=…</c> with an active key sets a cookie of its own (role <see cref="Role"/>,
/// which no other page or endpoint admits) and reloads <c>/wall</c> without the key; a wrong or revoked key gets the
/// sign-in page. The cookie is re-checked against the key on every request, so revoking a key ends its screens.
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

    public static IApplicationBuilder UseKioskKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.Equals(WallPath, StringComparison.OrdinalIgnoreCase)
            || !context.Request.Query.TryGetValue("key", out var key))
        {
            await next(context);
            return;
        }

        var entity = await context.RequestServices.GetRequiredService<KioskKeyService>()
            .OpenAsync(key.ToString(), context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        if (entity is null)
        {
            await context.SignOutAsync(Scheme);
            context.Response.Redirect("/account/login?ReturnUrl=%2Fwall");
            return;
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"Wall screen ({entity.Name})"), new Claim(ClaimTypes.Role, Role),
                new Claim(KeyClaim, entity.Id.ToString(CultureInfo.InvariantCulture))],
            Scheme, ClaimTypes.Name, ClaimTypes.Role);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        context.Response.Redirect(WallPath);
    });
}
