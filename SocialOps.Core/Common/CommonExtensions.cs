using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Common;

public static class CommonExtensions
{
    /// <summary>The event bus, and the one place that publishes what a save committed.</summary>
    public static IServiceCollection AddCommon(this IServiceCollection services)
    {
        services.AddSingleton<EventBus>();
        services.AddSingleton<AfterCommit>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<AfterCommit>());
        return services;
    }
}
