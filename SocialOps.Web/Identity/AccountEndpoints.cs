using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using SocialOps.Core.Audit;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Identity;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", LogoutAsync).RequireAuthorization(Policies.Analyst).ExcludeFromDescription();

    // A form post with the antiforgery token (checked by UseAntiforgery); the cookie goes, and so does the circuit's user.
    private static async Task<RedirectHttpResult> LogoutAsync(HttpContext http, SignInManager<AppUser> signIn, AuditLog audit)
    {
        await audit.WriteAsync(http.User.ToActor(http), "user.signout");
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }
}
