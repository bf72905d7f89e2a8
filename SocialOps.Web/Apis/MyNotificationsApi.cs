using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Notifications;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

/// <summary>The caller's own notification centre and choices: anyone signed in, each only their own.</summary>
public static class MyNotificationsApi
{
    /// <summary>Ids to mark read; none (or no body) marks all.</summary>
    public sealed record MarkReadRequest(IReadOnlyList<long>? Ids);

    public sealed record MarkedDto(int Marked, int Unread);

    public sealed record PreferencesDto(bool EmailAvailable, IReadOnlyList<NotificationChoice> Events);

    public sealed record PreferencesRequest(IReadOnlyList<NotificationChoiceRequest>? Events);

    public static RouteGroupBuilder MapMyNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications")
            .RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapGet("/mine", MineAsync).WithSummary("Your newest notifications (at most 200, default 50), newest first, and how many are unread.");
        group.MapPost("/mine/read", ReadAsync).WithSummary("Mark your notifications read: those of ids, or all when ids is left out.");
        group.MapGet("/preferences", GetPreferencesAsync)
            .WithSummary("The events your role may receive, each with whether it reaches your notification centre (inApp) and your email address (email).");
        group.MapPut("/preferences", PutPreferencesAsync)
            .WithSummary("Choose, per event, inApp and email; events left out keep their choice. An event unknown or not for your role is a 400.");
        return group;
    }

    private static async Task<Results<Ok<MyNotifications>, ProblemHttpResult>> MineAsync(
        ClaimsPrincipal user, UserNotifications notifications, CancellationToken ct, int take = UserNotifications.PageSize) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? TypedResults.Ok(await notifications.MineAsync(id, take, ct))
            : NotAPerson();

    private static async Task<Results<Ok<MarkedDto>, ProblemHttpResult>> ReadAsync(
        MarkReadRequest? request, ClaimsPrincipal user, UserNotifications notifications, CancellationToken ct)
    {
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return NotAPerson();
        }

        var ids = request?.Ids is { Count: > 0 } some ? some : null;
        var marked = await notifications.MarkReadAsync(user.ToActor(), ids, ct);
        return TypedResults.Ok(new MarkedDto(marked, await notifications.UnreadCountAsync(id, ct)));
    }

    private static async Task<Results<Ok<PreferencesDto>, ProblemHttpResult>> GetPreferencesAsync(
        ClaimsPrincipal user, UserNotifications notifications, CancellationToken ct) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is null
            ? NotAPerson()
            : TypedResults.Ok(new PreferencesDto(notifications.EmailAvailable, await notifications.ChoicesAsync(user.ToActor(), ct)));

    private static async Task<Results<Ok<PreferencesDto>, ValidationProblem, ProblemHttpResult>> PutPreferencesAsync(
        PreferencesRequest request, ClaimsPrincipal user, UserNotifications notifications, CancellationToken ct)
    {
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is null)
        {
            return NotAPerson();
        }

        var actor = user.ToActor();
        if (await notifications.SaveChoicesAsync(actor, request.Events, ct) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "The preferences were not saved");
        }

        return TypedResults.Ok(new PreferencesDto(notifications.EmailAvailable, await notifications.ChoicesAsync(actor, ct)));
    }

    // API tokens act for a role, not a person: they have no notifications of their own.
    private static ProblemHttpResult NotAPerson() => TypedResults.Problem(
        "Notifications belong to a signed-in person; an API token has none.", statusCode: StatusCodes.Status400BadRequest);
}
