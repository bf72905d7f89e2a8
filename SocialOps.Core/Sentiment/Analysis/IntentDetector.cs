namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>
/// Intent from the model's sentiment and linguistic cues. Order matters: an angry question is a complaint,
/// a question about price is purchase intent, a question is a query, and positive text is praise.
/// </summary>
public static class IntentDetector
{
    private static readonly string[] ComplaintPhrases =
    [
        "refund", "broken", "never arrived", "never came", "still waiting", "not working", "doesn't work", "doesnt work",
        "didn't work", "stopped working", "wrong order", "charged twice", "cancel my", "worst", "terrible", "awful",
        "disappointed", "disappointing", "unacceptable", "rude", "scam", "damaged", "missing", "cold food", "late again",
        "hours on hold", "no reply", "no response", "nobody answers", "fix this", "complaint", "ripoff", "rip off",
        "waste of money", "not happy", "very unhappy", "ruined", "leaking", "crashed", "overcharged", "never again", "ripped",
        "torn", "spilled", "stale", "mouldy", "moldy",
    ];

    // Negative text is a complaint only when it is about the brand or its service, not about Mondays or the weather.
    private static readonly HashSet<string> BrandDirected = new(StringComparer.Ordinal)
    {
        "you", "your", "u", "ur", "yall", "order", "orders", "service", "staff", "product", "delivery", "app", "store", "shop",
        "customer", "support", "company", "website", "site", "account", "item", "package", "parcel", "barista", "coffee",
        "waiter", "manager", "price", "prices", "quality", "payment", "subscription", "machine", "grinder", "cafe",
    };

    private static readonly string[] PurchasePhrases =
    [
        "how much", "price", "prices", "pricing", "cost", "costs", "buy", "purchase", "order one", "want one", "want to order",
        "where can i get", "where can i buy", "in stock", "back in stock", "available in", "do you ship", "ship to",
        "deliver to", "book", "booking", "reserve", "reservation", "discount", "coupon", "promo code", "take my money",
        "sign me up", "need this", "need one", "add to cart", "preorder", "pre-order", "dm me the price", "for sale",
        "gift card", "subscription", "subscribe",
    ];

    private static readonly HashSet<string> QuestionStarts = new(StringComparer.Ordinal)
    {
        "what", "when", "where", "why", "how", "who", "which", "can", "could", "do", "does", "did", "is", "are", "will",
        "would", "should", "anyone", "any",
    };

    private static readonly string[] PraisePhrases =
    [
        "love", "loved", "amazing", "awesome", "best", "great", "thank", "thanks", "perfect", "delicious", "excellent",
        "fantastic", "beautiful", "recommend", "well done", "good job", "so good", "😍", "❤", "🔥", "👏", "🙌", "🥰",
    ];

    internal static Intent Detect(TextFeatures f, SentimentLabel sentiment, double score)
    {
        var question = f.Text.Contains('?', StringComparison.Ordinal) || (f.Words.Count > 0 && QuestionStarts.Contains(f.Words[0]));
        var complaintCue = f.HasAnyPhrase(ComplaintPhrases);
        // A complaint marker wins unless the text is clearly positive ("thanks for the quick refund!").
        var negative = sentiment == SentimentLabel.Negative && score < -0.3;
        var directed = f.HasAnyWord(BrandDirected) || f.Text.Contains('@', StringComparison.Ordinal);
        if ((complaintCue && score < 0.8) || (negative && directed && !question))
        {
            return Intent.Complaint;
        }

        if (f.HasAnyPhrase(PurchasePhrases))
        {
            return Intent.PurchaseIntent;
        }

        if (question)
        {
            return negative && directed ? Intent.Complaint : Intent.Query;
        }

        return sentiment == SentimentLabel.Positive && (score > 0.5 || f.HasAnyPhrase(PraisePhrases)) ? Intent.Praise : Intent.None;
    }

    public static ResponsePriority Priority(Intent intent) => intent switch
    {
        Intent.Complaint => ResponsePriority.Urgent,
        Intent.Query or Intent.PurchaseIntent => ResponsePriority.High,
        Intent.Praise => ResponsePriority.Medium,
        _ => ResponsePriority.Low,
    };

    public static bool RequiresResponse(Intent intent) => intent is Intent.Complaint or Intent.Query or Intent.PurchaseIntent;
}
