using System.Diagnostics;
using SocialOps.Core.Sentiment.Engine;
using SocialOps.Core.Telemetry;

namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>
/// What one analysis returns (the fields and order of the API contract). <see cref="Language"/>: <c>en</c>, the likeliest
/// other language, or <c>other</c>. <see cref="ModelVersion"/>: what read it when that was not the engine (an AI model, or
/// <see cref="AnalysisEngines.NotAnalysed"/>).
/// </summary>
public sealed record SentimentAnalysis(
    SentimentLabel Sentiment,
    double SentimentScore,
    double Confidence,
    Intent Intent,
    IReadOnlyList<string> Keywords,
    bool RequiresResponse,
    ResponsePriority Priority,
    string? AutoResponse,
    bool NonEnglish,
    string Language = "en",
    string? ModelVersion = null);

/// <summary>Sentiment from the engine, then intent, keywords, priority and a suggested reply from the text.</summary>
public sealed class SentimentAnalyzer(
    SentimentEngine engine, ResponseTemplates templates, IntentKeywords keywords, IOptionsMonitor<SentimentOptions> options,
    IEnumerable<IOtherLanguageReader> readers, SocialOpsMeter? meter = null)
{
    /// <summary>Texts must already be valid (see <see cref="TextRules"/>); authors are optional, one per text.</summary>
    public async Task<SentimentAnalysis[]> AnalyzeAsync(IReadOnlyList<string> texts, IReadOnlyList<string?>? authors, CancellationToken ct)
    {
        using var activity = SocialOpsTracing.Source.StartActivity("sentiment");
        activity?.SetTag("socialops.items", texts.Count);
        var started = Stopwatch.GetTimestamp();
        var results = await AnalyzeTimedAsync(texts, authors, ct);
        var engineName = engine.Status.Engine;
        activity?.SetTag("socialops.engine", engineName);
        meter?.SentimentTook(Stopwatch.GetElapsedTime(started), engineName);
        return results;
    }

    private async Task<SentimentAnalysis[]> AnalyzeTimedAsync(IReadOnlyList<string> texts, IReadOnlyList<string?>? authors, CancellationToken ct)
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

        return await ReadOtherLanguagesAsync(texts, results, ct);
    }

    /// <summary>
    /// The models read English only: a comment in another language goes to the reader (the AI provider) when one is set
    /// up, and is otherwise marked as not analysed rather than given a confident-looking guess.
    /// </summary>
    private async Task<SentimentAnalysis[]> ReadOtherLanguagesAsync(IReadOnlyList<string> texts, SentimentAnalysis[] results, CancellationToken ct)
    {
        var others = Enumerable.Range(0, results.Length).Where(i => results[i].NonEnglish).ToList();
        if (others.Count == 0)
        {
            return results;
        }

        var readings = readers.FirstOrDefault() is { } reader ? await reader.ReadAsync([.. others.Select(i => texts[i])], ct) : null;
        for (var k = 0; k < others.Count; k++)
        {
            var a = results[others[k]];
            results[others[k]] = readings?[k] is { } r
                ? a with
                {
                    Sentiment = r.Sentiment, SentimentScore = Math.Round(Math.Clamp(r.Score, -1, 1), 4), Confidence = Math.Round(Math.Clamp(r.Confidence, 0, 1), 4),
                    Intent = r.Intent, RequiresResponse = IntentDetector.RequiresResponse(r.Intent), Priority = IntentDetector.Priority(r.Intent),
                    AutoResponse = null, ModelVersion = r.ModelVersion,
                }
                : NotAnalysed(a);
        }

        return results;
    }

    // Nobody knows yet what it says: no sentiment worth showing, and a person should read it.
    private static SentimentAnalysis NotAnalysed(SentimentAnalysis a) => a with
    {
        Sentiment = SentimentLabel.Neutral, SentimentScore = 0, Confidence = 0, Intent = Intent.None, RequiresResponse = true,
        Priority = ResponsePriority.Medium, AutoResponse = null, ModelVersion = AnalysisEngines.NotAnalysed,
    };

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
        var language = LanguageGuard.Guess(features);
        var nonEnglish = language != "en";
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
            IntentDetector.RequiresResponse(intent), IntentDetector.Priority(intent), reply, nonEnglish, language);
    }
}
