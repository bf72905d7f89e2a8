using Microsoft.Extensions.Options;

namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>
/// Reply templates by intent: the built-in wording, overridden per intent by <c>Sentiment:ResponseTemplates</c>.
/// {author} and {topic} are filled in.
/// </summary>
public sealed class ResponseTemplates(IOptionsMonitor<SentimentOptions> options)
{
    public static readonly IReadOnlyDictionary<Intent, string> Defaults = new Dictionary<Intent, string>
    {
        [Intent.Complaint] = "Hi {author}, we're really sorry about {topic}. That's not the experience we want for you: please send us a direct message with the details and we'll put it right.",
        [Intent.Query] = "Hi {author}, thanks for asking about {topic}! Send us a direct message or check our page for the details, and we'll happily help with anything else.",
        [Intent.Praise] = "Thank you so much, {author}! We're thrilled you enjoyed {topic}. It means a lot to the whole team.",
        [Intent.PurchaseIntent] = "Hi {author}, great to hear you're interested in {topic}! Send us a direct message and we'll help with prices, availability and ordering.",
    };

    public IReadOnlyDictionary<Intent, string> Current()
    {
        var result = new Dictionary<Intent, string>(Defaults);
        foreach (var (name, template) in options.CurrentValue.ResponseTemplates)
        {
            if (IntentNames.TryParse(name, out var intent) && intent != Intent.None && !string.IsNullOrWhiteSpace(template))
            {
                result[intent] = template;
            }
        }

        return result;
    }

    public string? Fill(Intent intent, string? author, string? topic) =>
        Current().TryGetValue(intent, out var template)
            ? template.Replace("{author}", string.IsNullOrWhiteSpace(author) ? "there" : author.Trim(), StringComparison.Ordinal)
                .Replace("{topic}", string.IsNullOrWhiteSpace(topic) ? "this" : topic, StringComparison.Ordinal)
            : null;
}
