using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Common;

public static class CommonExtensions
{
    /// <summary>
    /// The event bus, and the one place that publishes what a save committed; with <c>Redis:Connection</c>, the bus
    /// reaches every instance through Redis.
    /// </summary>
    public static IHostApplicationBuilder AddCommon(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<EventBus>();
        services.AddSingleton<EventTypes>();
        services.AddSingleton<LiveUpdatesStatus>();
        services.AddSingleton<AfterCommit>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<AfterCommit>());

        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        if (builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() is { IsConfigured: true })
        {
            services.AddSingleton<RedisEventRelay>();
            services.AddSingleton<IEventRelay>(sp => sp.GetRequiredService<RedisEventRelay>());
            services.AddHostedService<RedisEventRelayHost>();
        }

        return builder;
    }
}
