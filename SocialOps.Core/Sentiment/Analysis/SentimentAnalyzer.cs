using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>What one analysis returns (the fields and order of the API contract).</summary>
public sealed record SentimentAnalysis(
    SentimentLabel Sentiment,
    double SentimentScore,
    double Confidence,
    Intent Intent,
    IReadOnlyList<string> Keywords,
    bool RequiresResponse,
    ResponsePriority Priority,
    string? AutoResponse,
    bool NonEnglish);

/// <summary>Sentiment from the engine, then intent, keywords, priority and a suggested reply from the text.</summary>
public sealed class SentimentAnalyzer(
    SentimentEngine engine, ResponseTemplates templates, IntentKeywords keywords, IOptionsMonitor<SentimentOptions> options)
{
    /// <summary>Texts must already be valid (see <see cref="TextRules"/>); authors are optional, one per text.</summary>
    public async Task<SentimentAnalysis[]> AnalyzeAsync(IReadOnlyList<string> texts, IReadOnlyList<string?>? authors, CancellationToken ct)
    {
        var scores = await engine.Scorer.ScoreAsync(texts, ct);
        var o = options.CurrentValue;
        var replies = await templates.CurrentAsync(ct);
        var vocabulary = await keywords.CurrentAsync(ct);
        var results = new SentimentAnalysis[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            results[i] = Build(texts[i], scores[i], authors?[i], o, replies, vocabulary);
        }

        return results;
    }

    /// <summary>One analysis from the engine's scores for the text (public for the intent benchmark).</summary>
    public static SentimentAnalysis Build(string text, SentimentScores s, string? author, SentimentOptions o, IReadOnlyDictionary<Intent, string> replies, IntentVocabulary vocabulary)
    {
        var score = Math.Clamp(s.Positive - s.Negative, -1.0, 1.0);
        SentimentLabel label;
        double confidence;
        if (s.HasNeutral)
        {
            label = s.Positive >= s.Negative && s.Positive >= s.Neutral ? SentimentLabel.Positive
                : s.Negative >= s.Neutral ? SentimentLabel.Negative : SentimentLabel.Neutral;
            confidence = Math.Max(s.Positive, Math.Max(s.Negative, s.Neutral));
        }
        else
        {
            // Two-label models: a small margin either way reads as neutral.
            label = Math.Abs(score) < o.NeutralBand ? SentimentLabel.Neutral : score > 0 ? SentimentLabel.Positive : SentimentLabel.Negative;
            confidence = label == SentimentLabel.Neutral ? 1 - (Math.Abs(score) / Math.Max(o.NeutralBand, 1e-6) / 2) : Math.Max(s.Positive, s.Negative);
        }

        var features = new TextFeatures(text);
        var nonEnglish = !LanguageGuard.IsLikelyEnglish(features);
        if (nonEnglish)
        {
            // The models read English only: say so through a lower confidence rather than a confident guess.
            confidence *= 0.5;
        }

        var intent = IntentDetector.Detect(features, label, score, vocabulary);
        var keywords = KeywordExtractor.Extract(features);
        var reply = intent != Intent.None && confidence >= o.AutoResponseThreshold
            ? ResponseTemplates.Fill(replies, intent, author, KeywordExtractor.Topic(features, keywords))
            : null;
        return new SentimentAnalysis(label, Math.Round(score, 4), Math.Round(Math.Clamp(confidence, 0, 1), 4), intent, keywords,
            IntentDetector.RequiresResponse(intent), IntentDetector.Priority(intent), reply, nonEnglish);
    }
}
