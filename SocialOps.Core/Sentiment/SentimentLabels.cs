namespace SocialOps.Core.Sentiment;

public enum SentimentLabel
{
    Neutral,
    Positive,
    Negative,
}

public enum Intent
{
    None,
    Query,
    Complaint,
    Praise,
    PurchaseIntent,
}

public enum ResponsePriority
{
    Low,
    Medium,
    High,
    Urgent,
}
