using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class SandboxApi
{
    /// <summary>One publication on the Sandbox, as a platform would show it; <c>url</c> is its own address.</summary>
    public sealed record SandboxPost(long Id, int PostId, string IdempotencyKey, string Content, IReadOnlyList<string> Hashtags, DateTimeOffset PublishedAt, string Url);

    public sealed record SandboxPostsResponse(IReadOnlyList<SandboxPost> Items, int Total);

    public sealed record CommentRequest(int? PostId, string? Author, string? Text);

    /// <summary>One reply the Sandbox received.</summary>
    public sealed record SandboxReplyDto(long InteractionId, string Text, DateTimeOffset SentAtUtc);

    public sealed record SandboxRepliesResponse(IReadOnlyList<SandboxReplyDto> Items);

    public static RouteGroupBuilder MapSandboxApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sandbox").WithTags("Sandbox")
            .RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapGet("/posts", ListAsync).WithSummary("Everything published to the built-in Sandbox, one entry per publication, newest first.");
        group.MapGet("/posts/{id:long}", GetAsync).WithSummary("One Sandbox publication: where a Sandbox post's link leads.");
        group.MapPost("/comments", CommentAsync).RequireAuthorization(Policies.Editor)
            .WithSummary("Someone comments on a post published to the Sandbox: stored, analysed and announced as a fetched comment is; answers the inbox item.");
        group.MapGet("/replies", RepliesAsync).WithSummary("Every reply the Sandbox received, one entry per reply, oldest first.");
        return group;
    }

    private static async Task<Ok<SandboxPostsResponse>> ListAsync(IDbContextFactory<SocialOpsDbContext> contexts, int? postId, int? take, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.SandboxPublications.AsNoTracking();
        if (postId is { } id)
        {
            query = query.Where(p => p.PostId == id);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(p => p.Id).Take(Math.Clamp(take ?? 1000, 1, 10_000)).ToListAsync(ct);
        return TypedResults.Ok(new SandboxPostsResponse([.. items.Select(ToDto)], total));
    }

    private static async Task<Results<Ok<SandboxPost>, NotFound>> GetAsync(IDbContextFactory<SocialOpsDbContext> contexts, long id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var publication = await db.SandboxPublications.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        return publication is null ? TypedResults.NotFound() : TypedResults.Ok(ToDto(publication));
    }

    private static async Task<Results<Created<InboxApi.InboxItemDto>, ValidationProblem, ProblemHttpResult>> CommentAsync(
        CommentRequest request, SandboxComments comments, InboxQueries inbox, HttpContext http, CancellationToken ct)
    {
        if (request.PostId is not { } postId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["postId"] = ["postId is required."] });
        }

        var (id, problem) = await comments.AddAsync(postId, request.Author, request.Text, http.User.ToActor(http), ct);
        if (problem is not null)
        {
            return problem.NotFound
                ? TypedResults.Problem(problem.Message, statusCode: StatusCodes.Status404NotFound, title: "The comment was not added")
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [problem.Field] = [problem.Message] }, detail: problem.Message, title: "The comment was not added");
        }

        var item = (await inbox.GetAsync(id!.Value, ct))!;
        return TypedResults.Created($"/api/inbox?q={Uri.EscapeDataString(item.Text)}", InboxApi.ToDto(item));
    }

    private static async Task<Ok<SandboxRepliesResponse>> RepliesAsync(IDbContextFactory<SocialOpsDbContext> contexts, long? interactionId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.SandboxReplies.AsNoTracking();
        if (interactionId is { } id)
        {
            query = query.Where(r => r.InteractionId == id);
        }

        var items = await query.OrderBy(r => r.Id).Take(10_000).ToListAsync(ct);
        return TypedResults.Ok(new SandboxRepliesResponse([.. items.Select(r => new SandboxReplyDto(r.InteractionId, r.Text, r.SentAt.ToUniversalTime()))]));
    }

    private static SandboxPost ToDto(SandboxPublication p) =>
        new(p.Id, p.PostId, p.IdempotencyKey, p.Content, p.Hashtags, p.PublishedAt, SandboxPublisher.UrlOf(p.Id));
}
