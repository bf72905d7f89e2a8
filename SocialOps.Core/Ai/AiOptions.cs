namespace SocialOps.Core.Ai;

/// <summary>Which kind of model provider drafts are written with.</summary>
public enum AiProvider
{
    /// <summary>No model: the built-in template generator writes drafts.</summary>
    None,

    /// <summary>Any OpenAI-compatible chat-completions server (OpenAI, Azure OpenAI, Ollama, LM Studio, vLLM).</summary>
    OpenAI,

    /// <summary>Anthropic's Messages API through its official SDK.</summary>
    Anthropic,
}

/// <summary>One model's price in US dollars per million tokens.</summary>
public sealed class AiPrice
{
    public decimal InputPerMillion { get; set; }
    public decimal OutputPerMillion { get; set; }
}

/// <summary>Settings under <c>Ai</c>. Settings → AI (stored in the database) overrides the provider fields and the budget.</summary>
public sealed class AiOptions
{
    public const string Section = "Ai";

    /// <summary><c>None</c>, <c>OpenAI</c> or <c>Anthropic</c>.</summary>
    public string Provider { get; set; } = nameof(AiProvider.None);

    /// <summary>The provider's API address; empty for the provider's public default.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The model name the provider knows (e.g. <c>gpt-4o-mini</c>, <c>llama3.2</c>).</summary>
    public string? Model { get; set; }

    /// <summary>The provider's key; never logged, never returned by the API.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Longest a call to the provider may take.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Most tokens a draft may use.</summary>
    public int MaxOutputTokens { get; set; } = 800;

    /// <summary>Prices per model (key: model name), US dollars per million tokens.</summary>
    public Dictionary<string, AiPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>US dollars a calendar month (UTC) may spend; generation is refused past it. Empty for no budget.</summary>
    public decimal? MonthlyBudgetUsd { get; set; }

    public AiProvider ParsedProvider => Enum.TryParse<AiProvider>(Provider, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : AiProvider.None;

    public static string DefaultBaseUrl(AiProvider provider) => provider switch
    {
        AiProvider.OpenAI => "https://api.openai.com/v1",
        AiProvider.Anthropic => "https://api.anthropic.com",
        _ => "",
    };

    /// <summary>Every problem with these values at once (shared by start-up and the Settings page).</summary>
    public static List<string> Problems(string? provider, string? baseUrl, string? model, int timeoutSeconds, decimal? budget)
    {
        var problems = new List<string>();
        var known = Enum.TryParse<AiProvider>(provider, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(provider, out _);
        if (!known)
        {
            problems.Add($"Ai:Provider must be None, OpenAI or Anthropic (is '{provider}').");
        }

        if (!string.IsNullOrWhiteSpace(baseUrl) && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            problems.Add($"Ai:BaseUrl must be an http:// or https:// address (is '{baseUrl}').");
        }

        if (known && parsed != AiProvider.None && string.IsNullOrWhiteSpace(model))
        {
            problems.Add($"Ai:Model is required when Ai:Provider is {parsed}.");
        }

        if (model is { Length: > 200 })
        {
            problems.Add("Ai:Model must be at most 200 characters.");
        }

        if (timeoutSeconds is < 1 or > 600)
        {
            problems.Add($"Ai:TimeoutSeconds must be between 1 and 600 (is {timeoutSeconds}).");
        }

        if (budget is < 0)
        {
            problems.Add("Ai:MonthlyBudgetUsd must not be negative.");
        }

        return problems;
    }
}

internal sealed class AiOptionsValidator : IValidateOptions<AiOptions>
{
    public ValidateOptionsResult Validate(string? name, AiOptions o)
    {
        var problems = AiOptions.Problems(o.Provider, o.BaseUrl, o.Model, o.TimeoutSeconds, o.MonthlyBudgetUsd);
        if (o.MaxOutputTokens is < 16 or > 32_000)
        {
            problems.Add($"Ai:MaxOutputTokens must be between 16 and 32000 (is {o.MaxOutputTokens}).");
        }

        foreach (var (model, price) in o.Prices)
        {
            if (price.InputPerMillion < 0 || price.OutputPerMillion < 0)
            {
                problems.Add($"Ai:Prices:{model} must not be negative.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
