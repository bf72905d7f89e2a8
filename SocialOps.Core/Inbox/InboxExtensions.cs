using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common.Events;

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
        services.AddSingleton<SentimentService>();
        services.AddSingleton<InboxIntake>();
        services.AddSingleton<ISaveEvents, ArrivalEvents>();
        services.AddEvent<InteractionsArrived>();
        services.AddEvent<InteractionsChanged>();
        services.AddEvent<InteractionAssigned>();
        return services;
    }
}
