using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Content;

public static class ContentExtensions
{
    /// <summary>Posts as lists and pages read them.</summary>
    public static IServiceCollection AddContent(this IServiceCollection services)
    {
        services.AddSingleton<PostQueries>();
        return services;
    }
}
