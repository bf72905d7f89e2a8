namespace SocialOps.Training.Encoder;

/// <summary>
/// features --data &lt;folder&gt; --cache &lt;folder&gt; [--movies N] [--max-length N] [--layers 1] [--encoder &lt;dll&gt;]: runs the frozen
/// encoder once over every set the head is trained and measured on and caches the pooled features (one file per set;
/// a set already cached is skipped, so an interrupted run resumes).
/// </summary>
internal static class FeatureCommand
{
    public const int DefaultMaxLength = 128;

    public static IEnumerable<(string Name, Func<List<Example>> Examples)> Sets(string data, int movies) =>
    [
        ("tweeteval-val", () => Corpus.TweetEvalValidation(data)),
        ("sst2-dev", () => Corpus.Sst2Dev(data)),
        ("goemotions-test", () => Corpus.GoEmotions(data, "test")),
        ("tweets", () => Corpus.Tweets(data)),
        ("movies", () => Sample(Corpus.MovieReviews(data), movies, seed: 17)),
        ("reddit", () => Corpus.GoEmotions(data, "train")),
    ];

    public static int Run(string data, CliOptions options, TextWriter log)
    {
        var cache = options.Get("cache") ?? "artifacts/features";
        Directory.CreateDirectory(cache);
        var encoder = MiniLm.Load(options.Get("encoder"));
        var maxLength = options.Int("max-length") ?? DefaultMaxLength;
        foreach (var (name, examples) in Sets(data, options.Int("movies") ?? 12_000))
        {
            var path = Path.Combine(cache, name + ".bin");
            if (File.Exists(path))
            {
                log.WriteLine($"{name}: cached");
                continue;
            }

            var set = FeatureCache.Compute(encoder, examples(), maxLength, log, name, layers: options.Int("layers") == 1);
            FeatureCache.Save(path + ".tmp", set);
            File.Move(path + ".tmp", path);
            log.WriteLine($"{name}: {set.Labels.Length} texts cached");
        }

        return 0;
    }

    private static List<Example> Sample(List<Example> all, int n, int seed)
    {
        var copy = all.ToArray();
        new Random(seed).Shuffle(copy);
        return [.. copy.Take(n)];
    }
}
