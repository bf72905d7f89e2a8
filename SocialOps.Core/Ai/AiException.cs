using System.ClientModel;
using System.Text.Json;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Ai;

/// <summary>Why a generation did not give a draft, in words a user can act on.</summary>
public enum AiFailure
{
    Unauthorized,
    RateLimited,
    ContentFilter,
    ProviderError,
    Timeout,
    EmptyAnswer,
    Unreadable,
    Unreachable,
    BudgetExceeded,
    NotConfigured,
}

public sealed class AiException(AiFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public AiFailure Failure { get; } = failure;

    /// <summary>The HTTP status the API answers with.</summary>
    public int StatusCode => Failure switch
    {
        AiFailure.BudgetExceeded => 402,
        AiFailure.RateLimited => 429,
        AiFailure.Timeout => 504,
        AiFailure.ContentFilter => 422,
        AiFailure.NotConfigured => 409,
        _ => 502,
    };

    public string Title => Failure switch
    {
        AiFailure.BudgetExceeded => "The monthly AI budget is used up.",
        AiFailure.Timeout => "The AI provider took too long.",
        AiFailure.RateLimited => "The AI provider is rate limiting us.",
        AiFailure.ContentFilter => "The AI provider's content filter refused the request.",
        AiFailure.NotConfigured => "The AI provider is not set up.",
        _ => "The AI provider did not give a draft.",
    };

    /// <summary>Turns what a provider's SDK threw into a clear message; never includes the key or the prompt.</summary>
    public static AiException From(Exception e, string provider, TimeSpan timeout) => e switch
    {
        AiException ai => ai,
        _ when Refused(e) is { } refused =>
            new(AiFailure.Unreachable, $"{provider} was not called: {refused.Message} Check the base URL in Settings → AI.", e),
        ClientResultException { Status: 401 or 403 } => new(AiFailure.Unauthorized, $"{provider} refused the API key (HTTP 401/403). Check the key in Settings → AI.", e),
        ClientResultException { Status: 429 } => new(AiFailure.RateLimited, $"{provider} is rate limiting requests (HTTP 429). Wait a little and try again.", e),
        ClientResultException { Status: 400 } c when c.Message.Contains("content_filter", StringComparison.OrdinalIgnoreCase) || c.Message.Contains("content management policy", StringComparison.OrdinalIgnoreCase) =>
            new(AiFailure.ContentFilter, $"{provider}'s content filter refused this brief. Reword it and try again.", e),
        ClientResultException { Status: 404 } => new(AiFailure.ProviderError, $"{provider} does not know this model or address (HTTP 404). Check the base URL and model in Settings → AI.", e),
        ClientResultException { Status: >= 500 } c => new(AiFailure.ProviderError, $"{provider} had an error (HTTP {c.Status}). Try again later.", e),
        ClientResultException { Status: 0 } => new(AiFailure.Unreachable, $"{provider} could not be reached. Check the base URL in Settings → AI.", e),
        ClientResultException c => new(AiFailure.ProviderError, $"{provider} refused the request (HTTP {c.Status}).", e),
        HttpRequestException => new(AiFailure.Unreachable, $"{provider} could not be reached. Check the base URL in Settings → AI.", e),
        TimeoutException or TaskCanceledException => new(AiFailure.Timeout, $"{provider} did not answer within {timeout.TotalSeconds:0} seconds.", e),
        JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException =>
            new(AiFailure.Unreadable, $"{provider}'s answer could not be read (is the base URL an OpenAI-compatible API?).", e),
        _ when AnthropicStatus(e) is { } status => Anthropic(e, status, provider),
        _ => new(AiFailure.ProviderError, $"{provider} failed: {e.GetType().Name}.", e),
    };

    private static AiException Anthropic(Exception e, int status, string provider) => status switch
    {
        401 or 403 => new(AiFailure.Unauthorized, $"{provider} refused the API key (HTTP {status}). Check the key in Settings → AI.", e),
        429 => new(AiFailure.RateLimited, $"{provider} is rate limiting requests (HTTP 429). Wait a little and try again.", e),
        >= 500 => new(AiFailure.ProviderError, $"{provider} had an error (HTTP {status}). Try again later.", e),
        _ => new(AiFailure.ProviderError, $"{provider} refused the request (HTTP {status}).", e),
    };

    // The SDKs wrap the guard's refusal in exceptions of their own.
    private static RefusedAddressException? Refused(Exception? e) => e is null ? null : e as RefusedAddressException ?? Refused(e.InnerException);

    // The Anthropic SDK's exceptions carry the status in a property of their own.
    private static int? AnthropicStatus(Exception e) =>
        e.GetType().Namespace == "Anthropic.Exceptions" && e.GetType().GetProperty("StatusCode")?.GetValue(e) is { } code ? Convert.ToInt32(code, System.Globalization.CultureInfo.InvariantCulture) : null;
}
