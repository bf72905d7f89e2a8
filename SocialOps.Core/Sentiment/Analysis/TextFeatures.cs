using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>The words of a comment, as the rule-based parts of the analysis see them.</summary>
internal sealed class TextFeatures
{
    private readonly List<LexiconSentimentScorer.Word> _written;

    public TextFeatures(string text)
    {
        Text = text;
        Lower = text.ToLowerInvariant();
        _written = LexiconSentimentScorer.Words(text);
        Words = [.. _written.Select(w => w.Cased.ToLowerInvariant())];
    }

    public string Text { get; }

    public string Lower { get; }

    public IReadOnlyList<string> Words { get; }

    /// <summary>
    /// The word at <paramref name="index"/> as a reply should write it: a name keeps its capitals ("Huila", "AeroPress",
    /// "V60"); a word capitalised only because it starts a sentence, or shouted, is lower-cased.
    /// </summary>
    public string AsWritten(int index)
    {
        var w = _written[index];
        var letters = w.Cased.Where(char.IsLetter).ToList();
        var shouted = letters.Count > 3 && letters.All(char.IsUpper);
        return w.StartsSentence || shouted ? Words[index] : w.Cased;
    }

    /// <summary>Where the words of a phrase ("cold brew") first stand together, or -1.</summary>
    public int IndexOf(string phrase)
    {
        var parts = phrase.Split(' ');
        for (var i = 0; i + parts.Length <= Words.Count; i++)
        {
            if (parts.Select((p, k) => string.Equals(p, Words[i + k], StringComparison.Ordinal)).All(x => x))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A phrase found at <paramref name="index"/>, each word as written (see <see cref="AsWritten"/>).</summary>
    public string PhraseAsWritten(int index, int count) => string.Join(' ', Enumerable.Range(index, count).Select(i => AsWritten(i)));

    public bool HasAnyWord(IReadOnlySet<string> set) => Words.Any(set.Contains);

    public bool HasAnyPhrase(IEnumerable<string> phrases) => phrases.Any(p => ContainsPhrase(Lower, p));

    /// <summary>Whether the comment's first words are the phrase's words ("how much", "any").</summary>
    public bool StartsWithWords(string phrase)
    {
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Length > Words.Count)
        {
            return false;
        }

        for (var i = 0; i < words.Length; i++)
        {
            if (!string.Equals(Words[i], words[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // Whole-word match, so "price" does not fire inside "priceless" and "ship" not inside "relationship".
    private static bool ContainsPhrase(string text, string phrase)
    {
        for (var i = text.IndexOf(phrase, StringComparison.Ordinal); i >= 0; i = text.IndexOf(phrase, i + 1, StringComparison.Ordinal))
        {
            var before = i == 0 || !char.IsLetter(text[i - 1]);
            var after = i + phrase.Length >= text.Length || !char.IsLetter(text[i + phrase.Length]);
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }
}
