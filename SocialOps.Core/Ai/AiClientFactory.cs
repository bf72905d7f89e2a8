using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;

namespace SocialOps.Core.Ai;

/// <summary>
/// Makes the <see cref="IChatClient"/> for the configured provider; null when drafts come from templates. Every call goes
/// through the <see cref="ClientName"/> HTTP client, whose connections pass the connectors' network guard: the base URL is
/// user input, and the provider is sent the API key.
/// </summary>
public sealed class AiClientFactory(IHttpClientFactory http)
{
    public const string ClientName = "ai-provider";

    public IChatClient? Create(EffectiveAiSettings settings) => settings.Provider switch
    {
        AiProvider.OpenAI => CreateOpenAi(settings),
        AiProvider.Anthropic => CreateAnthropic(settings),
        _ => null,
    };

    private IChatClient CreateOpenAi(EffectiveAiSettings s)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(s.BaseUrl),
            Transport = new HttpClientPipelineTransport(http.CreateClient(ClientName)),
            // The caller owns retries and the deadline: a user waits on this call, and a 429 is reported, not hidden.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = s.Timeout + TimeSpan.FromSeconds(5),
        };

        // Local servers (Ollama, LM Studio) take any key; the SDK insists on one.
        var key = new ApiKeyCredential(s.ApiKey ?? "no-key");
        return new OpenAIClient(key, options).GetChatClient(s.Model).AsIChatClient();
    }

    private IChatClient CreateAnthropic(EffectiveAiSettings s)
    {
        var client = new AnthropicClient(new Anthropic.Core.ClientOptions
        {
            ApiKey = s.ApiKey ?? "",
            BaseUrl = s.BaseUrl,
            HttpClient = http.CreateClient(ClientName),
            MaxRetries = 0,
            Timeout = s.Timeout + TimeSpan.FromSeconds(5),
        });
        return client.AsIChatClient(s.Model!, s.MaxOutputTokens);
    }
}
