using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using SocialOps.Core.Audit;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Identity;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", LogoutAsync).RequireAuthorization(Policies.Analyst).ExcludeFromDescription()
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());

    // A form post with the antiforgery token; the cookie goes, and so does the circuit's user. UseAntiforgery only records
    // whether the token was valid for a handler that binds no form, so the handler checks: else any site could sign users out.
    private static async Task<Results<RedirectHttpResult, BadRequest<string>>> LogoutAsync(HttpContext http, SignInManager<AppUser> signIn, AuditLog audit)
    {
        if (http.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is not { IsValid: true })
        {
            return TypedResults.BadRequest("The sign-out form has expired; reload the page and sign out again.");
        }

        await audit.WriteAsync(http.User.ToActor(http), "user.signout");
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }
}
