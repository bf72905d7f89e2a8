using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Publishing.Sandbox;

namespace SocialOps.Core.Inbox;

public static class InboxExtensions
{
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddSingleton<InboxQueries>();
        services.AddSingleton<InboxService>();
        services.AddSingleton<InboxImport>();
        services.AddSingleton<InboxViews>();
        services.AddSingleton<SandboxComments>();
        return services;
    }
}
