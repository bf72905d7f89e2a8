using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;

namespace SocialOps.Core.Ai;

/// <summary>Makes the <see cref="IChatClient"/> for the configured provider; null when drafts come from templates.</summary>
public static class AiClientFactory
{
    public static IChatClient? Create(EffectiveAiSettings settings) => settings.Provider switch
    {
        AiProvider.OpenAI => CreateOpenAi(settings),
        AiProvider.Anthropic => CreateAnthropic(settings),
        _ => null,
    };

    private static IChatClient CreateOpenAi(EffectiveAiSettings s)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(s.BaseUrl),
            // The caller owns retries and the deadline: a user waits on this call, and a 429 is reported, not hidden.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = s.Timeout + TimeSpan.FromSeconds(5),
        };

        // Local servers (Ollama, LM Studio) take any key; the SDK insists on one.
        var key = new ApiKeyCredential(s.ApiKey ?? "no-key");
        return new OpenAIClient(key, options).GetChatClient(s.Model).AsIChatClient();
    }

    private static IChatClient CreateAnthropic(EffectiveAiSettings s)
    {
        var client = new AnthropicClient(new Anthropic.Core.ClientOptions
        {
            ApiKey = s.ApiKey ?? "",
            BaseUrl = s.BaseUrl,
            MaxRetries = 0,
            Timeout = s.Timeout + TimeSpan.FromSeconds(5),
        });
        return client.AsIChatClient(s.Model!, s.MaxOutputTokens);
    }
}
