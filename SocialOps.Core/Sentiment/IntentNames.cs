namespace SocialOps.Core.Sentiment;

/// <summary>The wire names of the enums (the API contract's spelling).</summary>
public static class IntentNames
{
    public static string Name(this Intent intent) => intent switch
    {
        Intent.Query => "query",
        Intent.Complaint => "complaint",
        Intent.Praise => "praise",
        Intent.PurchaseIntent => "purchase_intent",
        _ => "none",
    };

    public static string Name(this SentimentLabel label) => label switch
    {
        SentimentLabel.Positive => "positive",
        SentimentLabel.Negative => "negative",
        _ => "neutral",
    };

    public static string Name(this ResponsePriority priority) => priority.ToString().ToLowerInvariant();

    public static bool TryParse(string name, out Intent intent)
    {
        foreach (var candidate in Enum.GetValues<Intent>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                intent = candidate;
                return true;
            }
        }

        intent = Intent.None;
        return false;
    }
}
