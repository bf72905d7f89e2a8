using System.Security.Claims;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Identity;

public static class ActorExtensions
{
    /// <summary>Who is acting, with what access: a signed-in user or a token. The services check the access.</summary>
    public static Actor ToActor(this ClaimsPrincipal user, HttpContext? http = null) => new(
        user.Identity?.Name ?? "anonymous",
        user.FindFirstValue(ClaimTypes.NameIdentifier),
        http?.Connection.RemoteIpAddress?.ToString(),
        Roles.AccessOf(user.IsInRole));
}
