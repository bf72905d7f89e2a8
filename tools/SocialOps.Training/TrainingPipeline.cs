using System.Text;
using System.Text.Json;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Training;

/// <summary>
/// Data → vocabulary → SGD epochs (the best epoch on the development sets is kept) → model directory
/// (model.onnx, vocab.txt, config.json, metrics.json). Deterministic for a given seed: one thread, seeded shuffles.
/// </summary>
internal sealed class TrainingPipeline(TrainingSettings settings, TextWriter log)
{
    public static readonly string[] Labels = ["negative", "neutral", "positive"];

    public (TrainedModel Model, SentimentTokenizer Tokenizer, QualityReport Report) Train(string dataDir, string outDir)
    {
        var training = Corpus.Training(dataDir, settings, settings.SamplePerSource);
        log.WriteLine($"training on {training.Count} texts");
        var vocabText = VocabularyBuilder.Build(training.Select(e => ModelText.Prepare(e.Text)), settings.VocabularySize);
        var tokenizer = SentimentTokenizer.FromVocab(new MemoryStream(Encoding.UTF8.GetBytes(vocabText)), lowerCase: true, settings.MaxLength);
        var vocabWords = vocabText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var vocabSize = vocabWords.Length;
        var negation = NegationScope.From(vocabWords.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => x.i), settings.NegationWindow);
        Func<int[], int[]> rows = negation is null ? ids => ids : negation.Rows;
        var encoded = training.Select(e => rows(tokenizer.Encode(ModelText.Prepare(e.Text)))).ToArray();
        var dev = DevSets(dataDir, tokenizer, rows);
        var tableRows = negation is null ? vocabSize : 2 * vocabSize;
        var members = new List<FastTextModel>();
        for (var k = 0; k < settings.Members; k++)
        {
            var (member, report) = TrainMember(encoded, training, dev, tableRows, new Random(settings.Seed + k));
            log.WriteLine($"member {k + 1} kept: {report}");
            members.Add(member);
        }

        var model = FastTextModel.Ensemble(members, settings.Storage);
        var kept = Evaluate(model, dev);
        Write(outDir, model, negation, vocabText, kept);
        return (new TrainedModel(model, negation), tokenizer, kept);
    }

    private (FastTextModel Model, QualityReport Report) TrainMember(
        int[][] encoded, List<Example> training, List<(int[][] Ids, int[] Labels)> dev, int vocabSize, Random random)
    {
        var model = new FastTextModel(vocabSize, settings.BigramBuckets, settings.Dimension, settings.Hidden, Labels.Length, random);
        var trainer = new Trainer(model, settings.LearningRate);
        var order = Enumerable.Range(0, training.Count).ToArray();
        (FastTextModel Model, QualityReport Report)? best = null;
        long step = 0, total = (long)settings.Epochs * order.Length;
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            double loss = 0;
            foreach (var i in order)
            {
                loss += trainer.Step(encoded[i], training[i].Label, training[i].Weight, step++ / (double)total);
            }

            var report = Evaluate(model, dev);
            log.WriteLine($"epoch {epoch}: loss {loss / order.Length:F4} · {report}");
            if (best is null || report.Selection > best.Value.Report.Selection)
            {
                best = (model.Clone(), report);
            }
        }

        return best!.Value;
    }

    private void Write(string outDir, FastTextModel model, NegationScope? negation, string vocabText, QualityReport report)
    {
        Directory.CreateDirectory(outDir);
        File.WriteAllBytes(Path.Combine(outDir, "model.onnx"), OnnxExporter.Export(model, storage: settings.Storage, negation: negation));
        File.WriteAllText(Path.Combine(outDir, "vocab.txt"), vocabText);
        var config = new Dictionary<string, object>
        {
            ["model_type"] = "socialops-fasttext",
            ["id2label"] = Labels.Select((l, i) => (l, i)).ToDictionary(x => x.i.ToString(System.Globalization.CultureInfo.InvariantCulture), x => x.l),
            ["max_length"] = settings.MaxLength,
            ["do_lower_case"] = true,
        };
        var json = new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        File.WriteAllText(Path.Combine(outDir, "config.json"), JsonSerializer.Serialize(config, json) + "\n");
        File.WriteAllText(Path.Combine(outDir, "training.json"), JsonSerializer.Serialize(new { settings, development = report }, json) + "\n");
    }

    private static List<(int[][] Ids, int[] Labels)> DevSets(string dataDir, SentimentTokenizer tokenizer, Func<int[], int[]> rows) =>
        [.. new[] { Corpus.TweetEvalValidation(dataDir), Corpus.Sst2Dev(dataDir), Corpus.GoEmotions(dataDir, "dev") }
            .Select(set => (set.Select(e => rows(tokenizer.Encode(ModelText.Prepare(e.Text)))).ToArray(), set.Select(e => e.Label).ToArray()))];

    private static QualityReport Evaluate(FastTextModel model, List<(int[][] Ids, int[] Labels)> dev)
    {
        var probs = dev.Select(d => d.Ids.Select(ids => Metrics.Softmax(model.Logits(ids))).ToList()).ToList();
        return new QualityReport(
            Metrics.MacroRecall(probs[0], dev[0].Labels),
            Metrics.BinaryAccuracy(probs[1], dev[1].Labels),
            Metrics.MacroF1(probs[2], dev[2].Labels));
    }
}

/// <summary>The exported model as the trainer sees it: token ids → (negation rows) → logits.</summary>
internal sealed record TrainedModel(FastTextModel Model, NegationScope? Negation)
{
    public float[] Logits(int[] ids) => Model.Logits(Negation?.Rows(ids) ?? ids);
}
