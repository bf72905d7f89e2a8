using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Ingestion;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class ConnectionsApi
{
    public sealed record ConnectionsResponse(IReadOnlyList<ConnectionView> Items);

    /// <summary>Fields left out stay as they are.</summary>
    public sealed record ConnectionUpdate(string? Name = null, string? TimeZone = null, bool? Paused = null);

    public static RouteGroupBuilder MapConnectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/connections").WithTags("Connections").RequireRateLimiting(SecurityHosting.ApiLimit);
        var admin = group.MapGroup("").RequireAuthorization(Policies.Admin);

        // Editors need the ids to schedule with; nothing listed is secret.
        group.MapGet("", ListAsync).RequireAuthorization(Policies.Editor).WithSummary("Connected accounts with their health; never any credential.");
        group.MapGet("/{id:int}", GetAsync).RequireAuthorization(Policies.Editor).WithSummary("One connection.");
        admin.MapPost("", AddAsync)
            .WithSummary("Connect an account. mastodon: baseUrl + accessToken; bluesky: identifier + appPassword (baseUrl: the PDS, optional); webhook: baseUrl (target) + secret (whsec_…); x: accessToken (OAuth 2.0 user token; every call is billed to the X plan); linkedin: accessToken (+ authorUrn for an organisation); threads: accessToken; facebook, instagram: accessToken + accountId; sandbox: behavesAs. The credentials are checked against the platform first.");
        admin.MapPatch("/{id:int}", UpdateAsync).WithSummary("Rename, change the time zone, pause or resume.");
        admin.MapPost("/{id:int}/check", CheckAsync).WithSummary("Call the platform's who-am-I with the stored credentials.");
        admin.MapPost("/{id:int}/sync", SyncAsync).WithSummary("Fetch comments, mentions, metrics and followers now.");
        admin.MapDelete("/{id:int}", RemoveAsync).WithSummary("Remove a connection: its history stays, its pending posts are cancelled.");
        app.MapGet("/connections/{id:int}/avatar", AvatarAsync).RequireAuthorization(Policies.Editor).ExcludeFromDescription();
        return group;
    }

    private static async Task<IResult> AvatarAsync(int id, AvatarProxy avatars, HttpContext http, CancellationToken ct)
    {
        if (await avatars.GetAsync(id, ct) is not { } image)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "private, max-age=3600";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(image.Bytes, image.Type);
    }

    private static async Task<Ok<ConnectionsResponse>> ListAsync(ConnectionService connections, CancellationToken ct) =>
        TypedResults.Ok(new ConnectionsResponse(await connections.ListAsync(ct)));

    private static async Task<Results<Ok<ConnectionView>, NotFound>> GetAsync(int id, ConnectionService connections, CancellationToken ct) =>
        await connections.GetAsync(id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<Results<Created<ConnectionView>, ValidationProblem, ProblemHttpResult>> AddAsync(
        NewConnection request, HttpContext http, ConnectionService connections, CancellationToken ct)
    {
        var (view, errors) = await connections.AddAsync(request, http.User.ToActor(http), ct);
        return view is null
            ? TypedResults.ValidationProblem(errors, detail: errors.TryGetValue("credentials", out var reason) ? reason[0] : null, title: "The connection was not added")
            : TypedResults.Created($"/api/connections/{view.Id}", view);
    }

    private static async Task<Results<Ok<ConnectionView>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateAsync(
        int id, ConnectionUpdate request, HttpContext http, ConnectionService connections, CancellationToken ct)
    {
        var (view, errors) = await connections.UpdateAsync(id, request.Name, request.TimeZone, request.Paused, http.User.ToActor(http), ct);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : view is null ? TypedResults.NotFound() : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<ConnectionView>, NotFound, ProblemHttpResult>> CheckAsync(int id, ConnectionService connections, HttpContext http, CancellationToken ct)
    {
        var (view, problem) = await connections.CheckAsync(id, http.User.ToActor(http), ct);
        return view is null ? TypedResults.NotFound()
            : problem is null ? TypedResults.Ok(view)
            : TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "The platform refused the check");
    }

    private static async Task<Results<Ok<IngestionReport>, NotFound>> SyncAsync(int id, ConnectionService connections, IngestionService ingestion, HttpContext http, CancellationToken ct) =>
        await connections.GetAsync(id, ct) is null ? TypedResults.NotFound() : TypedResults.Ok(await ingestion.RunNowAsync(id, http.User.ToActor(http), ct));

    private static async Task<Results<NoContent, NotFound>> RemoveAsync(int id, ConnectionService connections, HttpContext http, CancellationToken ct) =>
        await connections.RemoveAsync(id, http.User.ToActor(http), ct) is null ? TypedResults.NotFound() : TypedResults.NoContent();
}
