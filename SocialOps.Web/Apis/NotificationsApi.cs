using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Notifications;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class NotificationsApi
{
    public sealed record CreatedChannelDto(int Id);

    public sealed record ChannelsResponse(IReadOnlyList<ChannelView> Items);

    public sealed record TestResultDto(bool Sent);

    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications")
            .RequireAuthorization(Policies.Admin).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapGet("/channels", ListAsync).WithSummary("The notification channels, with how many of their messages are pending, sent or given up, and the last error.");
        group.MapPost("/channels", CreateAsync)
            .WithSummary("Add a channel: kind webhook (url, format json, slack, discord or teams) or email (to), and the events it receives.");
        group.MapDelete("/channels/{id:int}", DeleteAsync).WithSummary("Remove a channel and its queued messages.");
        group.MapPost("/channels/{id:int}/test", TestAsync).WithSummary("Send a test message to the channel now; a 502 ProblemDetails says why it did not arrive.");
        return group;
    }

    private static async Task<Ok<ChannelsResponse>> ListAsync(NotificationService notifications, CancellationToken ct) =>
        TypedResults.Ok(new ChannelsResponse(await notifications.ListChannelsAsync(ct)));

    private static async Task<Results<Created<CreatedChannelDto>, ValidationProblem>> CreateAsync(
        ChannelRequest request, NotificationService notifications, HttpContext http, CancellationToken ct)
    {
        var (id, errors) = await notifications.AddChannelAsync(request, http.User.ToActor(http), ct);
        return id is { } created
            ? TypedResults.Created($"/api/notifications/channels/{created}", new CreatedChannelDto(created))
            : TypedResults.ValidationProblem(errors, title: "The channel was not added");
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(int id, NotificationService notifications, HttpContext http, CancellationToken ct) =>
        await notifications.RemoveChannelAsync(id, http.User.ToActor(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<TestResultDto>, NotFound, ProblemHttpResult>> TestAsync(
        int id, NotificationService notifications, HttpContext http, CancellationToken ct)
    {
        var (found, error) = await notifications.TestChannelAsync(id, http.User.ToActor(http), ct);
        return !found ? TypedResults.NotFound()
            : error is null ? TypedResults.Ok(new TestResultDto(true))
            : TypedResults.Problem(error, statusCode: StatusCodes.Status502BadGateway, title: "The test message did not arrive");
    }
}
