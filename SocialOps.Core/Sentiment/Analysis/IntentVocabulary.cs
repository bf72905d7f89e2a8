namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>
/// The keywords and phrases the intent rules look for, per intent: complaint, praise and purchase_intent phrases match
/// as whole words anywhere in a comment; query phrases match at its start (a question mark anywhere is a question too).
/// </summary>
public sealed class IntentVocabulary
{
    public const int MaxPhrases = 300;
    public const int MaxPhraseLength = 60;

    public static readonly IReadOnlyList<Intent> Editable = [Intent.Complaint, Intent.Query, Intent.Praise, Intent.PurchaseIntent];

    public static readonly IntentVocabulary Default = new(new Dictionary<Intent, IReadOnlyList<string>>
    {
        [Intent.Complaint] =
        [
            "refund", "broken", "never arrived", "never came", "still waiting", "not working", "doesn't work", "doesnt work",
            "didn't work", "stopped working", "wrong order", "charged twice", "cancel my", "worst", "terrible", "awful",
            "disappointed", "disappointing", "unacceptable", "rude", "scam", "damaged", "missing", "cold food", "late again",
            "hours on hold", "no reply", "no response", "nobody answers", "fix this", "complaint", "ripoff", "rip off",
            "waste of money", "not happy", "very unhappy", "ruined", "leaking", "crashed", "overcharged", "never again", "ripped",
            "torn", "spilled", "stale", "mouldy", "moldy", "not impressed", "too expensive", "so expensive", "overpriced",
            "price hike", "price increase", "prices went up", "price went up", "prices up", "raised the price", "raised prices",
            "more expensive", "not worth",
        ],
        [Intent.Query] =
        [
            "what", "when", "where", "why", "how", "who", "which", "can", "could", "do", "does", "did", "is", "are", "will",
            "would", "should", "anyone", "any",
        ],
        [Intent.Praise] =
        [
            "love", "loved", "amazing", "awesome", "best", "great", "thank", "thanks", "perfect", "delicious", "excellent",
            "fantastic", "beautiful", "recommend", "well done", "good job", "so good", "😍", "❤", "🔥", "👏", "🙌", "🥰",
        ],
        [Intent.PurchaseIntent] =
        [
            "how much", "price", "prices", "pricing", "cost", "costs", "buy", "purchase", "order one", "want one", "want to order",
            "where can i get", "where can i buy", "in stock", "back in stock", "available in", "do you ship", "ship to",
            "deliver to", "book", "booking", "reserve", "reservation", "discount", "coupon", "promo code", "take my money",
            "sign me up", "need this", "need one", "add to cart", "preorder", "pre-order", "dm me the price", "for sale",
            "gift card", "subscription", "subscribe",
        ],
    });

    private readonly IReadOnlyDictionary<Intent, IReadOnlyList<string>> _phrases;

    private IntentVocabulary(IReadOnlyDictionary<Intent, IReadOnlyList<string>> phrases) => _phrases = phrases;

    public IReadOnlyList<string> this[Intent intent] => _phrases.TryGetValue(intent, out var p) ? p : [];

    /// <summary>A copy with one intent's phrases replaced (normalised: trimmed, lower-cased, no repeats).</summary>
    public IntentVocabulary With(Intent intent, IEnumerable<string> phrases) =>
        new(new Dictionary<Intent, IReadOnlyList<string>>(_phrases) { [intent] = Normalize(phrases) });

    /// <summary>One phrase per line (blank lines ignored), as the Settings page takes them.</summary>
    public static IReadOnlyList<string> Parse(string? text) =>
        Normalize((text ?? "").Split('\n'));

    public static IReadOnlyList<string> Normalize(IEnumerable<string> phrases) =>
        [.. phrases.Select(p => string.Join(' ', p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant())
            .Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>Why a list of phrases cannot be used, or null when it can.</summary>
    public static string? Problem(IReadOnlyList<string>? phrases)
    {
        var list = Normalize(phrases ?? []);
        if (list.Count == 0)
        {
            return "Give at least one keyword or phrase.";
        }

        if (list.Count > MaxPhrases)
        {
            return $"{list.Count} phrases; the limit is {MaxPhrases}.";
        }

        return list.FirstOrDefault(p => p.Length > MaxPhraseLength) is { } longPhrase
            ? $"'{longPhrase[..20]}…' is {longPhrase.Length} characters long; the limit is {MaxPhraseLength}."
            : null;
    }
}
