using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class SandboxApi
{
    public sealed record SandboxPostsResponse(IReadOnlyList<SandboxPublication> Items, int Total);

    public static RouteGroupBuilder MapSandboxApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sandbox").WithTags("Sandbox")
            .RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapGet("/posts", ListAsync).WithSummary("Everything published to the built-in Sandbox, one entry per publication, newest first.");
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
        return TypedResults.Ok(new SandboxPostsResponse(items, total));
    }
}
