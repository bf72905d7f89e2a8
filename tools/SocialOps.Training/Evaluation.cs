using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Training;

/// <summary>
/// The quality figures of a model directory, through the same engine the app uses, beside the rule-based fallback on
/// the same sets: TweetEval validation (macro-recall), SST-2 dev (binary accuracy), GoEmotions test (macro-F1).
/// </summary>
internal static class Evaluation
{
    public static async Task<int> RunAsync(string data, string modelPath, TextWriter output)
    {
        var sets = new (string Name, List<Example> Examples)[]
        {
            ("TweetEval sentiment val", Corpus.TweetEvalValidation(data)),
            ("SST-2 dev", Corpus.Sst2Dev(data)),
            ("GoEmotions group test", Corpus.GoEmotions(data, "test")),
        };
        using var engine = new SentimentEngine(Options.Create(new SentimentOptions { ModelPath = modelPath }), NullLogger<SentimentEngine>.Instance);
        if (engine.Status.Engine != "onnx")
        {
            await output.WriteLineAsync($"model not loaded: {engine.Status.Reason}");
            return 1;
        }

        using var rules = new LexiconSentimentScorer();
        await output.WriteLineAsync("| engine | TweetEval val macro-recall | SST-2 dev accuracy | GoEmotions test macro-F1 | TweetEval recall neg / neu / pos |");
        await output.WriteLineAsync("| --- | --- | --- | --- | --- |");
        foreach (var (name, scorer) in new (string, ISentimentScorer)[] { ($"model ({modelPath})", engine.Scorer), ("rule-based fallback", rules) })
        {
            var probs = new List<List<float[]>>();
            foreach (var (_, examples) in sets)
            {
                var scores = await scorer.ScoreAsync([.. examples.Select(e => e.Text)], CancellationToken.None);
                probs.Add([.. scores.Select(s => new[] { s.Negative, s.Neutral, s.Positive })]);
            }

            var labels = sets.Select(s => s.Examples.Select(e => e.Label).ToList()).ToList();
            var perClass = Enumerable.Range(0, 3).Select(c =>
                labels[0].Select((l, i) => (l, i)).Where(x => x.l == c).Average(x => Metrics.ArgMax(probs[0][x.i]) == c ? 1.0 : 0.0));
            await output.WriteLineAsync(
                $"| {name} | {Metrics.MacroRecall(probs[0], labels[0]):F4} | {Metrics.BinaryAccuracy(probs[1], labels[1]):F4} | " +
                $"{Metrics.MacroF1(probs[2], labels[2]):F4} | {string.Join(" / ", perClass.Select(r => r.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))} |");
        }

        return 0;
    }
}
