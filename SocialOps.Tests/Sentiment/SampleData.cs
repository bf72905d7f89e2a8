using System.Globalization;

namespace SocialOps.Tests.Sentiment;

/// <summary>
/// A tiny data folder in the layout the training tool reads, generated from short sentences written for these
/// tests, so that training can be exercised end to end without the real data sets.
/// </summary>
internal static class SampleData
{
    private static readonly string[] Topics = ["coffee", "delivery", "app", "staff", "cake", "order", "shop", "beans", "price", "team"];

    private static readonly string[] Positive = ["i love the {0}", "the {0} is amazing", "great {0} , thank you", "best {0} ever", "really happy with the {0}", "wonderful {0} !"];

    private static readonly string[] Negative = ["i hate the {0}", "the {0} is awful", "terrible {0} , so disappointed", "worst {0} ever", "really angry about the {0}", "broken {0} again"];

    private static readonly string[] Neutral = ["the {0} opens at nine", "is the {0} on the list", "we talked about the {0}", "the {0} is on the table", "they moved the {0} today", "a photo of the {0}"];

    public static IEnumerable<(string Text, int Label)> Labelled() =>
        Topics.SelectMany(t =>
            Negative.Select(p => (string.Format(CultureInfo.InvariantCulture, p, t), 0))
            .Concat(Neutral.Select(p => (string.Format(CultureInfo.InvariantCulture, p, t), 1)))
            .Concat(Positive.Select(p => (string.Format(CultureInfo.InvariantCulture, p, t), 2))));

    public static void Write(string dir)
    {
        var all = Labelled().ToList();
        var words = new[] { "negative", "neutral", "positive" };
        Write(dir, "semeval2017-train/train.tsv", ["label\ttext", .. all.Select(x => $"{words[x.Label]}\t{x.Text}")]);
        Write(dir, "goemotions-group/train.tsv", all.Select((x, i) => $"{x.Text}\t{x.Label + 1}\tid{i}"));
        Write(dir, "goemotions-group/dev.tsv", all.Select((x, i) => $"{x.Text}\t{x.Label + 1}\tid{i}"));
        Write(dir, "goemotions-group/test.tsv", all.Select((x, i) => $"{x.Text}\t{x.Label + 1}\tid{i}"));
        var binary = all.Where(x => x.Label != 1).ToList();
        Write(dir, "sst2/train.tsv", ["label\tsentence", .. binary.Select(x => $"{x.Label / 2}\t{x.Text}")]);
        Write(dir, "sst2/dev.tsv", ["label\tcontent", .. binary.Select(x => $"{x.Label / 2}\t{x.Text}")]);
        Write(dir, "tweeteval-sentiment/val_text.txt", all.Select(x => x.Text));
        Write(dir, "tweeteval-sentiment/val_labels.txt", all.Select(x => x.Label.ToString(CultureInfo.InvariantCulture)));
    }

    private static void Write(string dir, string relative, IEnumerable<string> lines)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
    }
}
