using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Content;

public static class ContentExtensions
{
    /// <summary>Posts as lists and pages read them.</summary>
    public static IServiceCollection AddContent(this IServiceCollection services)
    {
        services.AddSingleton<PostQueries>();
        services.AddEvent<PostStatusChanged>();
        services.AddEvent<PostReviewed>();
        services.AddEvent<SeriesChanged>();
        return services;
    }
}
