namespace SocialOps.Training.Encoder;

/// <summary>
/// states --data &lt;folder&gt; --cache &lt;folder&gt; [--movies N --max-length N --encoder &lt;dll&gt;]: runs the packaged encoder
/// up to its top layer once over the fine-tuning and evaluation sets and caches the per-token hidden states entering
/// that layer (one file per set; a set already cached is skipped, so an interrupted run resumes).
/// </summary>
internal static class StatesCommand
{
    /// <summary>Texts are cut at 64 WordPiece tokens ([CLS] and [SEP] included) for fine-tuning.</summary>
    public const int MaxLength = 64;

    public const int DefaultMovies = 30_000;

    /// <summary>The layer that is fine-tuned (0-based): the top one.</summary>
    public const int TopLayer = MiniLm.Layers - 1;

    public static IEnumerable<(string Name, Func<List<Example>> Examples)> Sets(string data, int movies) =>
    [
        ("tweeteval-val", () => Corpus.TweetEvalValidation(data)),
        ("sst2-dev", () => Corpus.Sst2Dev(data)),
        ("tweets", () => Corpus.Tweets(data)),
        ("movies", () => Sample(Corpus.MovieReviews(data), movies, seed: 17)),
    ];

    public static int Run(string data, CliOptions options, TextWriter log)
    {
        var cache = options.Get("cache") ?? "artifacts/states";
        Directory.CreateDirectory(cache);
        var encoder = MiniLm.Load(options.Get("encoder"));
        var maxLength = options.Int("max-length") ?? MaxLength;
        foreach (var (name, examples) in Sets(data, options.Int("movies") ?? DefaultMovies))
        {
            var path = Path.Combine(cache, name + ".states");
            if (File.Exists(path))
            {
                log.WriteLine($"{name}: cached");
                continue;
            }

            var set = TokenStates.Compute(encoder, examples(), TopLayer, maxLength, log, name);
            TokenStates.Save(path + ".tmp", set);
            File.Move(path + ".tmp", path);
            log.WriteLine($"{name}: {set.Count} texts, {set.Lengths.Sum()} tokens cached");
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
