using System.ComponentModel.DataAnnotations;

namespace SocialOps.Core.Sentiment;

/// <summary>Settings of the sentiment engine (section <c>Sentiment</c>).</summary>
public sealed class SentimentOptions
{
    public const string Section = "Sentiment";

    /// <summary>
    /// The model directory (model.onnx, vocab.txt or tokenizer.json, config.json). A relative path is looked up
    /// beside the app first, then under the working directory. Empty: the rule-based engine.
    /// </summary>
    public string? ModelPath { get; set; } = "models/sentiment";

    /// <summary>Most texts run through the model at once.</summary>
    [Range(1, 1024)]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// How long the first text after an idle spell waits for others to join its batch. 0 by default: under load
    /// batches fill while the previous one runs, and a timed wait costs single texts more than it saves (BENCHMARKS.md).
    /// </summary>
    [Range(0, 1000)]
    public int MaxWaitMilliseconds { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one run; 0 lets it decide (one per physical core).</summary>
    [Range(0, 64)]
    public int IntraOpThreads { get; set; }

    /// <summary>For two-label models: |P(positive) − P(negative)| below this is neutral.</summary>
    [Range(0.0, 1.0)]
    public double NeutralBand { get; set; } = 0.3;

    /// <summary>Suggested replies are offered only at or above this confidence.</summary>
    [Range(0.0, 1.0)]
    public double AutoResponseThreshold { get; set; } = 0.85;

    /// <summary>Longer texts are refused (400) rather than silently cut.</summary>
    [Range(1, 100_000)]
    public int MaxTextLength { get; set; } = 5_000;

    /// <summary>Reply templates by intent (complaint, query, praise, purchase_intent); {author} and {topic} are filled in.</summary>
    public Dictionary<string, string> ResponseTemplates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Keywords and phrases of the intent rules by intent (complaint, query, praise, purchase_intent), each a list that
    /// replaces the built-in one; query phrases match at the start of a comment, the others anywhere as whole words.
    /// </summary>
    public Dictionary<string, List<string>> IntentKeywords { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Reports every unusable template at once.</summary>
internal sealed class SentimentOptionsValidator : IValidateOptions<SentimentOptions>
{
    public ValidateOptionsResult Validate(string? name, SentimentOptions options)
    {
        var problems = new List<string>();
        foreach (var (intent, template) in options.ResponseTemplates)
        {
            if (!IntentNames.TryParse(intent, out var parsed) || parsed == Intent.None)
            {
                problems.Add($"Sentiment:ResponseTemplates:{intent} is not an intent (use complaint, query, praise or purchase_intent).");
            }
            else if (Analysis.ResponseTemplates.Problem(template) is { } problem)
            {
                problems.Add($"Sentiment:ResponseTemplates:{intent}: {problem}");
            }
        }

        foreach (var (intent, phrases) in options.IntentKeywords)
        {
            if (!IntentNames.TryParse(intent, out var parsed) || !Analysis.IntentVocabulary.Editable.Contains(parsed))
            {
                problems.Add($"Sentiment:IntentKeywords:{intent} is not an intent (use complaint, query, praise or purchase_intent).");
            }
            else if (Analysis.IntentVocabulary.Problem(phrases) is { } problem)
            {
                problems.Add($"Sentiment:IntentKeywords:{intent}: {problem}");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
