namespace SocialOps.Training.Encoder;

/// <summary>
/// states --data &lt;folder&gt; --cache &lt;folder&gt; [--layers N --movies N --max-length N --encoder &lt;dll&gt;]: runs the packaged
/// encoder up to the layers that are fine-tuned (the top one by default) once over the fine-tuning and evaluation sets and
/// caches the per-token hidden states entering them (one file per set; a set already cached is skipped, so an interrupted run resumes).
/// </summary>
internal static class StatesCommand
{
    /// <summary>Texts are cut at 64 WordPiece tokens ([CLS] and [SEP] included) for fine-tuning.</summary>
    public const int MaxLength = 64;

    public const int DefaultMovies = 30_000;

    /// <summary>The lowest fine-tuned layer (0-based) whose input a cache folder holds, as written by this command.</summary>
    public static int FirstLayer(string cache)
    {
        var path = Path.Combine(cache, "first-layer.txt");
        return File.Exists(path) ? int.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture) : MiniLm.Layers - 1;
    }

    public static IEnumerable<(string Name, Func<List<Example>> Examples)> Sets(string data, int movies) =>
    [
        ("tweeteval-val", () => Corpus.TweetEvalValidation(data)),
        ("sst2-dev", () => Corpus.Sst2Dev(data)),
        ("tweets", () => Corpus.Tweets(data)),
        ("movies", () => Sample(Corpus.MovieReviews(data), movies, seed: 17)),
        ("reddit", () => Corpus.GoEmotions(data, "train")),
    ];

    public static int Run(string data, CliOptions options, TextWriter log)
    {
        var cache = options.Get("cache") ?? "artifacts/states";
        Directory.CreateDirectory(cache);
        var encoder = MiniLm.Load(options.Get("encoder"));
        var maxLength = options.Int("max-length") ?? MaxLength;
        var first = MiniLm.Layers - (options.Int("layers") ?? 1);
        if (first < 1 || first >= MiniLm.Layers)
        {
            log.WriteLine($"--layers must be 1 to {MiniLm.Layers - 1}");
            return 2;
        }

        var marker = Path.Combine(cache, "first-layer.txt");
        if (File.Exists(marker) && FirstLayer(cache) != first)
        {
            log.WriteLine($"{cache} holds the states entering layer {FirstLayer(cache)}; use another folder for --layers {MiniLm.Layers - first}");
            return 2;
        }

        File.WriteAllText(marker, first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (name, examples) in Sets(data, options.Int("movies") ?? DefaultMovies))
        {
            var path = Path.Combine(cache, name + ".states");
            if (File.Exists(path))
            {
                log.WriteLine($"{name}: cached");
                continue;
            }

            var set = TokenStates.Compute(encoder, examples(), first, maxLength, log, name);
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
