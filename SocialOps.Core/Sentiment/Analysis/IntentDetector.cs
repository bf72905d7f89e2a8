namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>
/// Intent from the model's sentiment and the cues of an <see cref="IntentVocabulary"/> (configurable per intent). Order matters: an angry question is a complaint,
/// a question about price is purchase intent unless it is a grumble about the price ("prices went up again? not impressed"),
/// a question is a query, and positive text is praise.
/// </summary>
public static class IntentDetector
{
    // Negative text is a complaint only when it is about the brand or its service, not about Mondays or the weather.
    private static readonly HashSet<string> BrandDirected = new(StringComparer.Ordinal)
    {
        "you", "your", "u", "ur", "yall", "order", "orders", "service", "staff", "product", "delivery", "app", "store", "shop",
        "customer", "support", "company", "website", "site", "account", "item", "package", "parcel", "barista", "coffee",
        "waiter", "manager", "price", "prices", "quality", "payment", "subscription", "machine", "grinder", "cafe",
    };

    internal static Intent Detect(TextFeatures f, SentimentLabel sentiment, double score, IntentVocabulary vocabulary)
    {
        var question = f.Text.Contains('?', StringComparison.Ordinal) || vocabulary[Intent.Query].Any(f.StartsWithWords);
        var complaintCue = f.HasAnyPhrase(vocabulary[Intent.Complaint]);
        // A complaint marker wins unless the text is clearly positive ("thanks for the quick refund!").
        var negative = sentiment == SentimentLabel.Negative && score < -0.3;
        var directed = f.HasAnyWord(BrandDirected) || f.Text.Contains('@', StringComparison.Ordinal);
        if ((complaintCue && score < 0.8) || (negative && directed && !question))
        {
            return Intent.Complaint;
        }

        // Price words in negative text aimed at the brand are a complaint about the price, not a wish to buy.
        if (f.HasAnyPhrase(vocabulary[Intent.PurchaseIntent]) && !(negative && directed))
        {
            return Intent.PurchaseIntent;
        }

        if (question)
        {
            return negative && directed ? Intent.Complaint : Intent.Query;
        }

        return sentiment == SentimentLabel.Positive && (score > 0.5 || f.HasAnyPhrase(vocabulary[Intent.Praise])) ? Intent.Praise : Intent.None;
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
