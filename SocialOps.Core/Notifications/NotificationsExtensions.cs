using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Notifications;

public static class NotificationsExtensions
{
    /// <summary>Notifications: channels, the outbox the bus's events and the periodic checks go into, and the sender that drains it on every instance.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<UserNotifications>();
        services.AddEvent<UserNotificationsChanged>();
        services.AddSingleton<ChannelTransport>();
        services.AddHttpClient(ChannelTransport.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .UseSocketsHttpHandler((handler, sp) =>
            {
                handler.ConnectCallback = sp.GetRequiredService<NetworkGuard>().ConnectAsync;
                handler.AllowAutoRedirect = false;
            });
        services.AddSingleton<PostNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<PostNotifications>());
        services.AddSingleton<WatchNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<WatchNotifications>());
        services.AddHostedService<BudgetNotifications>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        return services;
    }
}
