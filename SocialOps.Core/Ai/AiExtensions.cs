using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Ai;

public static class AiExtensions
{
    /// <summary>AI drafts: options (checked at start-up), the provider's client, drafts, usage and generate-and-schedule.</summary>
    public static IServiceCollection AddAiDrafts(this IServiceCollection services)
    {
        services.AddOptions<AiOptions>().BindConfiguration(AiOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AiOptions>, AiOptionsValidator>();
        services.AddSingleton<AiSettingsStore>();
        services.AddSingleton<AiUsageService>();
        services.AddSingleton<AiDraftService>();
        services.AddSingleton<AiScheduling>();
        return services;
    }
}
