namespace SocialOps.Training;

/// <summary>One labelled text. Labels follow the model's id2label: 0 negative, 1 neutral, 2 positive.</summary>
internal sealed record Example(string Text, int Label, float Weight);

/// <summary>
/// Reads the sentiment data folder (see its README). Training files and evaluation files are kept apart
/// here, so no evaluation text can reach the trainer by mistake.
/// </summary>
internal static class Corpus
{
    public const int Negative = 0;
    public const int Neutral = 1;
    public const int Positive = 2;

    /// <summary>SemEval tweets, GoEmotions train and SST-2 train, with per-source weights.</summary>
    public static List<Example> Training(string dataDir, TrainingSettings s, int? samplePerSource = null)
    {
        var tweets = Take(SemEval(Path.Combine(dataDir, "semeval2017-train", "train.tsv"), s.TweetWeight), samplePerSource);
        var reddit = Take(GoEmotions(Path.Combine(dataDir, "goemotions-group", "train.tsv"), s.RedditWeight), samplePerSource);
        var movies = Take(Sst2(Path.Combine(dataDir, "sst2", "train.tsv"), s.MovieWeight), samplePerSource);
        return [.. BalanceClasses(tweets), .. BalanceClasses(reddit), .. movies];
    }

    public static List<Example> TweetEvalValidation(string dataDir)
    {
        var dir = Path.Combine(dataDir, "tweeteval-sentiment");
        var texts = File.ReadAllLines(Path.Combine(dir, "val_text.txt"));
        var labels = File.ReadAllLines(Path.Combine(dir, "val_labels.txt"));
        return [.. texts.Zip(labels, (t, l) => new Example(t.Trim(), int.Parse(l.Trim(), System.Globalization.CultureInfo.InvariantCulture), 1f))];
    }

    /// <summary>All SemEval training tweets, unweighted.</summary>
    public static List<Example> Tweets(string dataDir) => SemEval(Path.Combine(dataDir, "semeval2017-train", "train.tsv"), 1f);

    /// <summary>SST-2 training phrases, unweighted.</summary>
    public static List<Example> MovieReviews(string dataDir) => Sst2(Path.Combine(dataDir, "sst2", "train.tsv"), 1f);

    public static List<Example> Sst2Dev(string dataDir) => Sst2(Path.Combine(dataDir, "sst2", "dev.tsv"), 1f);

    public static List<Example> GoEmotions(string dataDir, string split) =>
        GoEmotions(Path.Combine(dataDir, "goemotions-group", split + ".tsv"), 1f);

    private static List<Example> SemEval(string path, float weight) =>
        [.. Rows(path, skipHeader: true).Select(c => new Example(c[1], c[0] switch
        {
            "negative" => Negative,
            "neutral" => Neutral,
            "positive" => Positive,
            _ => throw new InvalidDataException($"unknown label '{c[0]}' in {path}"),
        }, weight))];

    private static List<Example> Sst2(string path, float weight) =>
        [.. Rows(path, skipHeader: true).Select(c => new Example(c[1], c[0] == "1" ? Positive : Negative, weight))];

    // Group ids: 0 ambiguous, 1 negative, 2 neutral, 3 positive. Only comments with one non-ambiguous group are used.
    private static List<Example> GoEmotions(string path, float weight) =>
        [.. Rows(path, skipHeader: false)
            .Where(c => c[1] is "1" or "2" or "3")
            .Select(c => new Example(c[0], c[1] switch { "1" => Negative, "2" => Neutral, _ => Positive }, weight))];

    private static IEnumerable<string[]> Rows(string path, bool skipHeader) =>
        File.ReadLines(path).Skip(skipHeader ? 1 : 0).Where(l => l.Length > 0).Select(l => l.Split('\t'));

    private static List<Example> Take(List<Example> all, int? n) => n is { } k ? [.. all.Take(k)] : all;

    // Each class of a source carries the same total weight, so the rare negative tweets count as much as neutral ones.
    private static IEnumerable<Example> BalanceClasses(List<Example> source)
    {
        var counts = source.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count());
        var mean = source.Count / (double)counts.Count;
        return source.Select(e => e with { Weight = (float)(e.Weight * mean / counts[e.Label]) });
    }
}
