using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Identity;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class UsersApi
{
    /// <summary>A one-time link for a person to choose a new password; it is not shown again.</summary>
    public sealed record ResetLinkResponse(string Email, string Link, DateTimeOffset ExpiresAt);

    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapPost("/{id}/password-reset-link", CreateResetLinkAsync)
            .WithSummary("A one-time link (24 hours) for the person to choose a new password, as Settings → Users creates one.");
        return group;
    }

    private static async Task<Results<Ok<ResetLinkResponse>, ProblemHttpResult>> CreateResetLinkAsync(
        string id, HttpContext http, PasswordResets resets)
    {
        var (link, problem) = await resets.CreateLinkAsync(id, http.User.ToActor(http));
        if (link is null)
        {
            return TypedResults.Problem(title: problem, statusCode: StatusCodes.Status404NotFound);
        }

        var app = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/";
        return TypedResults.Ok(new ResetLinkResponse(link.Email, app + PasswordResetLinks.For(link), link.ExpiresAt));
    }
}
