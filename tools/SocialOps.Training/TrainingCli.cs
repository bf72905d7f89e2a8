using System.Globalization;

namespace SocialOps.Training;

// dotnet run -c Release --project tools/SocialOps.Training -- train --data <folder> --out models/sentiment-fast [--seed N] [--epochs N] ...
// dotnet run -c Release --project tools/SocialOps.Training -- evaluate --data <folder> --model models/sentiment,models/sentiment-fast
internal static class TrainingCli
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("train" or "evaluate" or "features" or "head" or "states" or "finetune"))
        {
            Console.Error.WriteLine("usage: train --data <folder> --out <model folder> [--seed N --epochs N --dim N --hidden N --lr X --tweet-weight X --negation N --members N --storage full|half|quantized]");
            Console.Error.WriteLine("       evaluate --data <folder> --model <model folder>");
            Console.Error.WriteLine("       head --cache <folder> [--pooling mean,cls,max,mean+max,all --hidden N --seed N --movie-weight X --reddit-weight X --out <model folder> --storage int8|full]");
            Console.Error.WriteLine("       states --data <folder> --cache <folder> [--layers N --movies N --max-length N --encoder <dll>]");
            Console.Error.WriteLine("       finetune --cache <folder> --out <model folder> [--tweets N --movies N --reddit N --min-movie-tokens N --held-tweets N --held-movies N --epochs N --minutes M --batch N --lr X --head-lr X --threads N --seed N --eval-every N --checkpoint <file> --from-checkpoint <file> --storage int8|full]");
            Console.Error.WriteLine("       features --data <folder> --cache <folder> [--movies N --max-length N --encoder <dll>]");
            return 2;
        }

        var options = CliOptions.Parse(args.Skip(1).ToArray());
        if (args[0] == "finetune")
        {
            return Encoder.FineTuneCommand.Run(options, Console.Out);
        }

        if (args[0] == "head")
        {
            return Encoder.HeadCommand.Run(options, Console.Out);
        }

        var data = options.Get("data") ?? Environment.GetEnvironmentVariable("SOCIALOPS_SENTIMENT_DATA");
        if (data is null || !Directory.Exists(data))
        {
            Console.Error.WriteLine("--data must name the sentiment data folder (or set SOCIALOPS_SENTIMENT_DATA)");
            return 2;
        }

        if (args[0] == "features")
        {
            return Encoder.FeatureCommand.Run(data, options, Console.Out);
        }

        if (args[0] == "states")
        {
            return Encoder.StatesCommand.Run(data, options, Console.Out);
        }

        if (args[0] == "evaluate")
        {
            return await Evaluation.RunAsync(data, options.Get("model") ?? "models/sentiment,models/sentiment-fast", Console.Out);
        }

        var d = new TrainingSettings();
        var settings = d with
        {
            Seed = options.Int("seed") ?? d.Seed,
            Epochs = options.Int("epochs") ?? d.Epochs,
            Dimension = options.Int("dim") ?? d.Dimension,
            Hidden = options.Int("hidden") ?? d.Hidden,
            BigramBuckets = options.Int("buckets") ?? d.BigramBuckets,
            VocabularySize = options.Int("vocab") ?? d.VocabularySize,
            LearningRate = options.Float("lr") ?? d.LearningRate,
            TweetWeight = options.Float("tweet-weight") ?? d.TweetWeight,
            RedditWeight = options.Float("reddit-weight") ?? d.RedditWeight,
            MovieWeight = options.Float("movie-weight") ?? d.MovieWeight,
            Members = options.Int("members") ?? d.Members,
            NegationWindow = options.Int("negation") ?? d.NegationWindow,
            Storage = options.Get("storage") is { } storage ? Enum.Parse<EmbeddingStorage>(storage, ignoreCase: true) : d.Storage,
            SamplePerSource = options.Int("sample"),
        };
        var (_, _, report) = new TrainingPipeline(settings, Console.Out).Train(data, options.Get("out") ?? "models/sentiment-fast");
        Console.WriteLine($"kept: {report}");
        return 0;
    }
}

internal sealed record CliOptions(Dictionary<string, string> Values)
{
    public static CliOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new CliOptions(values);
    }

    public string? Get(string key) => Values.GetValueOrDefault(key);

    public int? Int(string key) => Get(key) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    public float? Float(string key) => Get(key) is { } v ? float.Parse(v, CultureInfo.InvariantCulture) : null;
}
