using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Links;

public static class LinksExtensions
{
    /// <summary>Our own tracked links: creating them, the click counter of the redirect and its batch writer.</summary>
    public static IServiceCollection AddLinks(this IServiceCollection services)
    {
        services.AddOptions<LinkOptions>().BindConfiguration(LinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<LinkOptions>, LinkOptionsValidator>();
        services.AddSingleton<LinkService>();
        services.AddSingleton<LinkQueries>();
        services.AddSingleton<ClickCounter>();
        services.AddSingleton<ClickWriter>();
        services.AddEvent<ClicksCounted>();
        services.AddHostedService(sp => sp.GetRequiredService<ClickWriter>());
        return services;
    }
}
