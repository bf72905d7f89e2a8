using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Benchmarks;

/// <summary>
/// Intent quality on social comments written and labelled for SocialOps (Data/intents.tsv: intent, hard case 0/1,
/// text), with the built-in keywords and each engine's sentiment: accuracy, accuracy on the hard cases (sarcasm,
/// questions that are complaints, purchase intent without "buy", …), and precision / recall / F1 per intent.
/// </summary>
internal static class IntentBenchmark
{
    public static async Task RunAsync(string models, TextWriter output)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "intents.tsv");
        var rows = File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        var texts = rows.Select(r => r[2]).ToArray();
        var expected = rows.Select(r => IntentNames.TryParse(r[0], out var i) ? i : throw new InvalidDataException(r[0])).ToArray();
        var hard = rows.Select(r => r[1] == "1").ToArray();
        await output.WriteLineAsync($"{texts.Length} labelled comments ({hard.Count(h => h)} hard cases), built-in keywords:");
        var intents = Enum.GetValues<Intent>();
        await output.WriteLineAsync($"| engine | accuracy | hard cases | macro-F1 | {string.Join(" | ", intents.Select(i => $"{i.Name()} P / R"))} |");
        await output.WriteLineAsync($"| --- | --- | --- | --- |{string.Concat(intents.Select(_ => " --- |"))}");
        var scorers = new List<(string Name, ISentimentScorer Scorer, IDisposable Owner)>();
        foreach (var model in models.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var engine = new SentimentEngine(Options.Create(new SentimentOptions { ModelPath = model }), NullLogger<SentimentEngine>.Instance);
            scorers.Add((model, engine.Scorer, engine));
        }

        var rules = new LexiconSentimentScorer();
        scorers.Add(("rule-based fallback", rules, rules));
        var options = new SentimentOptions();
        foreach (var (name, scorer, owner) in scorers)
        {
            using (owner)
            {
                var scores = await scorer.ScoreAsync(texts, CancellationToken.None);
                var got = texts.Select((t, i) => SentimentAnalyzer.Build(t, scores[i], null, options, ResponseTemplates.Defaults, IntentVocabulary.Default).Intent).ToArray();
                var accuracy = got.Where((g, i) => g == expected[i]).Count() / (double)got.Length;
                var hardAccuracy = got.Where((g, i) => hard[i] && g == expected[i]).Count() / (double)hard.Count(h => h);
                var cells = new List<string>();
                var f1s = new List<double>();
                foreach (var intent in intents)
                {
                    var tp = got.Where((g, i) => g == intent && expected[i] == intent).Count();
                    var predicted = got.Count(g => g == intent);
                    var actual = expected.Count(e => e == intent);
                    double p = predicted == 0 ? 0 : tp / (double)predicted, r = actual == 0 ? 0 : tp / (double)actual;
                    f1s.Add(p + r == 0 ? 0 : 2 * p * r / (p + r));
                    cells.Add(string.Create(CultureInfo.InvariantCulture, $"{p:F2} / {r:F2}"));
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {accuracy:F3} | {hardAccuracy:F3} | {f1s.Average():F3} | {string.Join(" | ", cells)} |"));
            }
        }
    }
}
