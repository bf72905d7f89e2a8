namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>
/// Salient words and two-word phrases: stop-words, numbers and very short words removed; a phrase of two
/// content words that sit together ranks above its words, which it then replaces.
/// </summary>
internal static class KeywordExtractor
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "but", "not", "you", "your", "yours", "with", "this", "that", "these", "those", "was",
        "were", "have", "has", "had", "just", "from", "they", "them", "their", "there", "then", "than", "what", "when",
        "where", "who", "why", "how", "which", "will", "would", "could", "should", "can", "cant", "dont", "doesnt", "didnt",
        "isnt", "wasnt", "its", "our", "ours", "out", "about", "into", "over", "again", "also", "very", "really", "too",
        "so", "all", "any", "some", "get", "got", "been", "being", "does", "did", "doing", "here", "more", "most", "much",
        "many", "one", "only", "own", "same", "such", "now", "even", "still", "yet", "ever", "never", "please", "pls",
        "lol", "omg", "today", "yesterday", "tomorrow", "guys", "you're", "youre", "im", "ive", "its", "it's", "let", "like",
        "make", "made", "need", "want", "know", "think", "thing", "things", "way", "day", "time", "back", "going", "gonna",
        "hey", "hi", "hello", "thanks", "thank", "yes", "yeah", "okay", "well", "each", "other", "may", "might", "must",
        "her", "his", "him", "she", "myself", "itself", "because", "while", "after", "before", "until", "since", "off",
        "arrived", "came", "ordered", "bought", "tried", "said", "asked", "waiting", "looking", "tell", "says",
        "whom", "whose", "anyone", "someone", "every", "everyone", "nothing", "something", "http", "https", "www",
    };

    public static List<string> Extract(TextFeatures f, int max = 5)
    {
        var words = f.Words.Select(w => IsContent(w) ? w : null).ToList();
        var scores = new Dictionary<string, (double Score, int First)>(StringComparer.Ordinal);
        void Add(string key, double score, int position) =>
            scores[key] = scores.TryGetValue(key, out var s) ? (s.Score + score, s.First) : (score, position);

        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is not { } w)
            {
                continue;
            }

            Add(w, 1 + Math.Min(w.Length, 10) / 10.0, i);
            if (i + 1 < words.Count && words[i + 1] is { } next && next != w && !IsSentimentWord(w) && !IsSentimentWord(next))
            {
                Add($"{w} {next}", 2.5, i);
            }
        }

        var chosen = new List<string>();
        foreach (var (key, _) in scores.OrderByDescending(s => s.Value.Score).ThenBy(s => s.Value.First))
        {
            var parts = key.Split(' ');
            if (chosen.Any(c => c.Split(' ').Intersect(parts).Any()))
            {
                continue;
            }

            chosen.Add(key);
            if (chosen.Count == max)
            {
                break;
            }
        }

        return chosen;
    }

    /// <summary>
    /// What a reply is about: the thing that went wrong, liked or asked about. A thing is usually named after a determiner
    /// ("my order", "the grinder", "this coffee"), so the first keyword that follows one wins, with the determiner as the
    /// brand would say it ("your order"); sentiment words in between are left out ("the worst service" gives "the service").
    /// The means of contact ("nobody answers my emails") is how the customer chased the problem, not the problem, so it
    /// is named only when nothing else is. Otherwise the best keyword that carries no sentiment, or none. Names keep
    /// their capitals ("the Huila").
    /// </summary>
    public static string? Topic(TextFeatures f, IReadOnlyList<string> keywords)
    {
        var candidates = keywords.Where(k => !k.Split(' ').Any(w => IsSentimentWord(w) || Engine.Lexicon.Negators.Contains(w))).ToList();
        var named = new List<(string Head, string Topic)>();
        var words = f.Words;
        for (var i = 0; i < words.Count - 1; i++)
        {
            if (!Determiners.TryGetValue(words[i], out var said))
            {
                continue;
            }

            var j = i + 1;
            while (j < words.Count - 1 && j <= i + 2 && IsSentimentWord(words[j]))
            {
                j++;
            }

            if (candidates.FirstOrDefault(k => string.Equals(k.Split(' ')[0], words[j], StringComparison.Ordinal)) is { } topic)
            {
                // "the grinder broke": a phrase whose second word reads as a past-tense verb names only its first word.
                var parts = topic.Split(' ');
                var count = parts.Length == 2 && LooksPastTense(parts[1]) ? 1 : parts.Length;
                named.Add((words[j], $"{said} {f.PhraseAsWritten(j, count)}"));
            }
        }

        var thing = named.FindIndex(n => !Contact.Contains(n.Head));
        if (thing >= 0)
        {
            return named[thing].Topic;
        }

        var keyword = candidates.FirstOrDefault(k => !Contact.Contains(k.Split(' ')[0]));
        if (keyword is not null && f.IndexOf(keyword) is var at and >= 0)
        {
            return f.PhraseAsWritten(at, keyword.Split(' ').Length);
        }

        return named.Count > 0 ? named[0].Topic : keyword ?? candidates.FirstOrDefault();
    }

    // How customers chase a problem: never the problem itself while something else is named.
    private static readonly HashSet<string> Contact = new(StringComparer.Ordinal)
    {
        "email", "emails", "mail", "mails", "message", "messages", "dm", "dms", "call", "calls", "phone", "reply", "replies",
        "chat", "chats", "inbox", "voicemail", "voicemails", "ticket", "tickets",
    };

    private static readonly HashSet<string> IrregularPast = new(StringComparer.Ordinal)
    {
        "broke", "came", "went", "took", "fell", "left", "ran", "tore", "froze", "burnt", "burst", "spilt", "spilled", "sent", "gave", "lost",
    };

    private static bool LooksPastTense(string w) =>
        IrregularPast.Contains(w) || (w.Length >= 5 && w.EndsWith("ed", StringComparison.Ordinal) && !w.EndsWith("eed", StringComparison.Ordinal));

    // A customer's determiner, as the brand replies with it.
    private static readonly Dictionary<string, string> Determiners = new(StringComparer.Ordinal)
    {
        ["my"] = "your", ["our"] = "your", ["your"] = "our", ["the"] = "the", ["this"] = "this", ["that"] = "that",
        ["these"] = "these", ["those"] = "those", ["a"] = "the", ["an"] = "the",
    };

    /// <summary>Words that carry sentiment rather than a topic ("worst", "love"; not mild ones like "cold"): keywords, but never the topic of a reply.</summary>
    public static bool IsSentimentWord(string w) => Engine.Lexicon.Words.TryGetValue(w, out var v) && Math.Abs(v) >= 2;

    private static bool IsContent(string w) =>
        w.Length >= 3 && !StopWords.Contains(w) && !w.All(char.IsDigit) && w.Any(char.IsLetter);
}
