using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Core.Sentiment;

public static class SentimentExtensions
{
    public static IServiceCollection AddSentiment(this IServiceCollection services)
    {
        services.AddOptions<SentimentOptions>().BindConfiguration(SentimentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SentimentOptions>, SentimentOptionsValidator>();
        services.AddSingleton<SentimentEngine>();
        services.AddSingleton<ResponseTemplates>();
        services.AddSingleton<IntentKeywords>();
        services.AddSingleton<SentimentAnalyzer>();
        services.AddHostedService<SentimentWarmup>();
        return services;
    }

    /// <summary>Loads the model when the app starts, so the first comment does not wait and the log says which engine runs.</summary>
    private sealed class SentimentWarmup(SentimentEngine engine) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.Run(() => engine.Status, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
