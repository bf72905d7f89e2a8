using System.Security.Claims;
using SocialOps.Core.Audit;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Identity;

public static class ActorExtensions
{
    /// <summary>The audit actor for a signed-in user or token.</summary>
    public static Actor ToActor(this ClaimsPrincipal user, HttpContext? http = null) => new(
        user.Identity?.Name ?? "anonymous",
        user.FindFirstValue(ClaimTypes.NameIdentifier),
        http?.Connection.RemoteIpAddress?.ToString(),
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Approver));
}
