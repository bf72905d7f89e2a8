using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Ai;

public static class AiExtensions
{
    /// <summary>AI drafts: options (checked at start-up), the provider's client, drafts, usage, generate-and-schedule, and reading comments in other languages.</summary>
    public static IServiceCollection AddAiDrafts(this IServiceCollection services)
    {
        services.AddOptions<AiOptions>().BindConfiguration(AiOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AiOptions>, AiOptionsValidator>();
        services.AddSingleton<AiSettingsStore>();
        services.AddSingleton<AiClientFactory>();

        // The SDKs keep their own deadlines; the guard refuses internal addresses as for connectors, and no redirect
        // takes the key elsewhere.
        services.AddHttpClient(AiClientFactory.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .UseSocketsHttpHandler((handler, sp) =>
            {
                handler.ConnectCallback = sp.GetRequiredService<NetworkGuard>().ConnectAsync;
                handler.AllowAutoRedirect = false;
            });
        services.AddSingleton<AiUsageService>();
        services.AddSingleton<ISaveEvents, AiSpendingEvents>();
        services.AddEvent<AiSpendingRecorded>();
        services.AddSingleton<AiDraftService>();
        services.AddSingleton<SocialOps.Core.Sentiment.Analysis.IOtherLanguageReader, AiSentimentReader>();
        services.AddSingleton<AiScheduling>();
        return services;
    }
}
