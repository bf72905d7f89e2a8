using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

/// <summary>The signed-in person's own settings.</summary>
public static class MeApi
{
    public sealed record Preferences(string? TimeZone);

    public static RouteGroupBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithTags("Me").RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapGet("/preferences", GetAsync).WithSummary("Your preferences: the time zone pages show times in.");
        group.MapPut("/preferences", PutAsync).WithSummary("Set your time zone (an IANA id such as Europe/Berlin).");
        return group;
    }

    private static async Task<Results<Ok<Preferences>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, UserPreferences preferences, CancellationToken ct) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? TypedResults.Ok(new Preferences(await preferences.StoredTimeZoneAsync(id, ct) ?? UserPreferences.DefaultTimeZone))
            : NotAPerson();

    private static async Task<Results<Ok<Preferences>, ValidationProblem, ProblemHttpResult>> PutAsync(
        Preferences request, ClaimsPrincipal user, UserPreferences preferences, CancellationToken ct)
    {
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return NotAPerson();
        }

        if (await preferences.SetTimeZoneAsync(user.ToActor(), request.TimeZone, ct) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["timeZone"] = [problem] });
        }

        return TypedResults.Ok(new Preferences(Zones.Find(request.TimeZone)!.Id));
    }

    // API tokens act for a role, not a person: they have no preferences.
    private static ProblemHttpResult NotAPerson() => TypedResults.Problem(
        "Preferences belong to a signed-in person; an API token has none.", statusCode: StatusCodes.Status400BadRequest);
}
