using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class SandboxApi
{
    /// <summary>One publication on the Sandbox, as a platform would show it; <c>url</c> is its own address.</summary>
    public sealed record SandboxPost(long Id, int PostId, string IdempotencyKey, string Content, IReadOnlyList<string> Hashtags, DateTimeOffset PublishedAt, string Url);

    public sealed record SandboxPostsResponse(IReadOnlyList<SandboxPost> Items, int Total);

    public static RouteGroupBuilder MapSandboxApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sandbox").WithTags("Sandbox")
            .RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapGet("/posts", ListAsync).WithSummary("Everything published to the built-in Sandbox, one entry per publication, newest first.");
        group.MapGet("/posts/{id:long}", GetAsync).WithSummary("One Sandbox publication: where a Sandbox post's link leads.");
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

    private static SandboxPost ToDto(SandboxPublication p) =>
        new(p.Id, p.PostId, p.IdempotencyKey, p.Content, p.Hashtags, p.PublishedAt, SandboxPublisher.UrlOf(p.Id));
}
