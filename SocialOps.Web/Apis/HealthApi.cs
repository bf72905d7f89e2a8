using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Operations;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/health").WithTags("System")
            .RequireAuthorization(Policies.Editor).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapGet("/report", GetReportAsync)
            .WithSummary("What the health page shows: connections, ingestion, scheduler heartbeats, posts, event bus, sentiment engine and AI provider, each problem with what to do.");
        return group;
    }

    private static async Task<Ok<HealthReport>> GetReportAsync(HealthReportService health, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await health.BuildAsync(http.User.ToActor(http), ct));
}
