using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Engine;
using SocialOps.Training.Encoder;

namespace SocialOps.Training;

/// <summary>
/// The quality figures of one or more model directories, through the same engine the app uses, beside the rule-based
/// fallback on the same sets: TweetEval validation (macro-recall, per-class recall, calibration), SST-2 dev (binary
/// accuracy), GoEmotions test (macro-F1).
/// </summary>
internal static class Evaluation
{
    public static async Task<int> RunAsync(string data, string modelPaths, TextWriter output)
    {
        var sets = new (string Name, List<Example> Examples)[]
        {
            ("TweetEval sentiment val", Corpus.TweetEvalValidation(data)),
            ("SST-2 dev", Corpus.Sst2Dev(data)),
            ("GoEmotions group test", Corpus.GoEmotions(data, "test")),
        };
        var engines = new List<(string Name, SentimentEngine Engine)>();
        try
        {
            foreach (var path in modelPaths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var engine = new SentimentEngine(Options.Create(new SentimentOptions { ModelPath = path }), NullLogger<SentimentEngine>.Instance);
                engines.Add((path, engine));
                if (engine.Status.Engine != "onnx")
                {
                    await output.WriteLineAsync($"model not loaded: {engine.Status.Reason}");
                    return 1;
                }
            }

            using var rules = new LexiconSentimentScorer();
            var scorers = engines.Select(e => (e.Name, e.Engine.Scorer)).Append(("rule-based fallback", (ISentimentScorer)rules)).ToList();
            await output.WriteLineAsync("| engine | TweetEval val macro-recall | SST-2 dev accuracy | GoEmotions test macro-F1 | TweetEval recall neg / neu / pos | TweetEval ECE | right at confidence ≥ 0.85 (share of answers) |");
            await output.WriteLineAsync("| --- | --- | --- | --- | --- | --- | --- |");
            var reliability = new List<(string Name, List<Calibration.Bin> Bins)>();
            var models = new List<List<List<float[]>>>();
            var rows = scorers.Select(s => (Name: s.Item1, Scorer: (ISentimentScorer?)s.Item2)).ToList();
            if (engines.Count > 1)
            {
                // Late fusion, measured: the mean of the models' probabilities (computed from the rows above).
                rows.Add(("mean of the models' probabilities", null));
            }

            foreach (var (name, scorer) in rows)
            {
                var probs = new List<List<float[]>>();
                if (scorer is null)
                {
                    probs = [.. Enumerable.Range(0, sets.Length).Select(k => Enumerable.Range(0, sets[k].Examples.Count)
                        .Select(i => Enumerable.Range(0, 3).Select(c => models.Average(m => m[k][i][c])).ToArray()).ToList())];
                }
                else
                {
                    foreach (var (_, examples) in sets)
                    {
                        var scores = await scorer.ScoreAsync([.. examples.Select(e => e.Text)], CancellationToken.None);
                        probs.Add([.. scores.Select(s => new[] { s.Negative, s.Neutral, s.Positive })]);
                    }

                    if (models.Count < engines.Count)
                    {
                        models.Add(probs);
                    }
                }

                var labels = sets.Select(s => s.Examples.Select(e => e.Label).ToList()).ToList();
                var perClass = HeadCommand.PerClassRecall(probs[0], labels[0]);
                var asDouble = probs[0].Select(p => p.Select(v => (double)v).ToArray()).ToList();
                var confident = Enumerable.Range(0, labels[0].Count).Where(i => asDouble[i].Max() >= 0.85).ToList();
                var right = confident.Count == 0 ? 0 : confident.Count(i => Metrics.ArgMax(probs[0][i]) == labels[0][i]) / (double)confident.Count;
                reliability.Add((name, Calibration.Reliability(asDouble, labels[0])));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {Metrics.MacroRecall(probs[0], labels[0]):F4} | {Metrics.BinaryAccuracy(probs[1], labels[1]):F4} | " +
                    $"{Metrics.MacroF1(probs[2], labels[2]):F4} | {string.Join(" / ", perClass.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))} | " +
                    $"{Calibration.ExpectedCalibrationError(asDouble, labels[0]):F4} | {right:F3} ({confident.Count / (double)labels[0].Count:F3}) |"));
            }

            await output.WriteLineAsync();
            await output.WriteLineAsync("Reliability on TweetEval val (answers in each confidence bin: count, mean confidence → share right):");
            await output.WriteLineAsync($"| confidence | {string.Join(" | ", reliability.Select(r => r.Name))} |");
            await output.WriteLineAsync($"| --- |{string.Concat(reliability.Select(_ => " --- |"))}");
            for (var b = 3; b < 10; b++)
            {
                var cells = reliability.Select(r => r.Bins[b]).Select(bin => bin.Count == 0
                    ? "–"
                    : string.Create(CultureInfo.InvariantCulture, $"{bin.Count}: {bin.MeanConfidence:F2} → {bin.Accuracy:F2}"));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {b / 10.0:F1}–{(b + 1) / 10.0:F1} | {string.Join(" | ", cells)} |"));
            }

            return 0;
        }
        finally
        {
            foreach (var (_, engine) in engines)
            {
                engine.Dispose();
            }
        }
    }
}
