using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Publishing;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

/// <summary>Serves uploaded media (thumbnails and previews in the composer, calendar and post panel) to signed-in people.</summary>
public static class MediaApi
{
    public static RouteHandlerBuilder MapMediaApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/media/{name}", Get).RequireAuthorization(Policies.Analyst).ExcludeFromDescription();

    private static Results<PhysicalFileHttpResult, NotFound> Get(string name, MediaStore media) =>
        media.PathOf(MediaStore.Prefix + name) is { } path
            ? TypedResults.PhysicalFile(path, MediaTypes.ContentType(name)!, enableRangeProcessing: true)
            : TypedResults.NotFound();
}
