using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialOps.Core.Data;
using SocialOps.Core.Demo;

namespace SocialOps.Web.Apis;

public static class SystemApi
{
    public sealed record SystemInfo(string Product, string Version, string DatabaseProvider, bool HasDemoData, DateTimeOffset ServerTime);

    public static RouteGroupBuilder MapSystemApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/system").WithTags("System");
        group.MapGet("/info", GetInfoAsync).WithSummary("Version, database provider and whether demo data is present.");
        return group;
    }

    private static async Task<Ok<SystemInfo>> GetInfoAsync(
        DemoData demo, IOptions<DatabaseOptions> database, TimeProvider time, CancellationToken ct)
    {
        var version = typeof(SystemApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        return TypedResults.Ok(new SystemInfo(
            "SocialOps",
            version.Split('+')[0],
            database.Value.ParsedProvider.ToString(),
            await demo.PresentAsync(ct),
            time.GetUtcNow()));
    }
}
