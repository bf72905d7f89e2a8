using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>The words of a comment, as the rule-based parts of the analysis see them.</summary>
internal sealed class TextFeatures
{
    public TextFeatures(string text)
    {
        Text = text;
        Lower = text.ToLowerInvariant();
        Words = [.. LexiconSentimentScorer.Tokens(text).Select(t => t.Token)];
    }

    public string Text { get; }

    public string Lower { get; }

    public IReadOnlyList<string> Words { get; }

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
