using System.Text.Json;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;

namespace SocialOps.Core.Ai;

/// <summary>
/// Reads comments in other languages through the team's provider, one call per comment, each recorded with its tokens
/// and cost like every AI call (feature <c>sentiment</c>). No provider, a refused call or an answer that is not a
/// reading leaves the comment not analysed.
/// </summary>
internal sealed class AiSentimentReader(AiSettingsStore store, AiClientFactory clients, AiDraftService drafts) : IOtherLanguageReader
{
    public const string Feature = "sentiment";

    public async Task<OtherLanguageReading?[]?> ReadAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var settings = await store.GetAsync(ct);
        using var client = clients.Create(settings);
        if (client is null)
        {
            return null;
        }

        var readings = new OtherLanguageReading?[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            try
            {
                var answer = await drafts.AskAsync(client, settings, AiPrompts.Sentiment(texts[i]), Feature, null, 0, [], ct);
                readings[i] = Parse(answer, AnalysisEngines.AiPrefix + settings.ModelName);
            }
            catch (AiException)
            {
                // Logged where the call failed; the comment stays marked as not analysed.
            }
        }

        return readings;
    }

    /// <summary>The reading in an answer such as <c>{"sentiment": "negative", "score": -0.8, "confidence": 0.9, "intent": "complaint"}</c>, or null.</summary>
    internal static OtherLanguageReading? Parse(string answer, string modelVersion)
    {
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(answer[start..(end + 1)]);
            var root = doc.RootElement;
            SentimentLabel? label = root.TryGetProperty("sentiment", out var s) ? s.GetString()?.ToLowerInvariant() switch
            {
                "positive" => SentimentLabel.Positive,
                "negative" => SentimentLabel.Negative,
                "neutral" => SentimentLabel.Neutral,
                _ => null,
            } : null;
            if (label is null || !root.TryGetProperty("intent", out var i) || !IntentNames.TryParse(i.GetString() ?? "", out var intent))
            {
                return null;
            }

            var score = root.TryGetProperty("score", out var sc) && sc.ValueKind == JsonValueKind.Number ? sc.GetDouble() : 0;
            var confidence = root.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : 0.5;
            return new OtherLanguageReading(label.Value, score, confidence, intent, modelVersion.Length > 100 ? modelVersion[..100] : modelVersion);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
