namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>
/// A cheap check for text the English models cannot read: mostly non-Latin letters, or more common
/// Spanish, French, German, Italian, Portuguese or Dutch function words than English ones.
/// </summary>
internal static class LanguageGuard
{
    private static readonly HashSet<string> English = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "and", "is", "are", "was", "i", "you", "it", "to", "of", "in", "my", "your", "this", "that",
        "for", "on", "with", "me", "we", "do", "have", "not", "be", "so", "but", "what", "how", "when", "can", "just",
    };

    private static readonly HashSet<string> Foreign = new(StringComparer.Ordinal)
    {
        "el", "la", "los", "las", "que", "es", "muy", "pero", "por", "para", "con", "una", "est", "les", "des", "très",
        "pas", "mais", "avec", "pour", "une", "der", "die", "das", "und", "nicht", "ist", "ich", "sehr", "mit", "il",
        "che", "molto", "non", "sono", "não", "uma", "muito", "het", "een", "niet", "ik", "zijn", "du", "et", "le", "y",
    };

    public static bool IsLikelyEnglish(TextFeatures f)
    {
        int latin = 0, other = 0;
        foreach (var c in f.Text)
        {
            if (char.IsLetter(c))
            {
                if (c < 0x250)
                {
                    latin++;
                }
                else
                {
                    other++;
                }
            }
        }

        if (other > latin)
        {
            return false;
        }

        var english = f.Words.Count(English.Contains);
        var foreign = f.Words.Count(Foreign.Contains);
        return !(foreign >= 2 && foreign > english);
    }
}
