using System.Text;
using Microsoft.Extensions.AI;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Ai;

/// <summary>The messages sent to the model. The brief and comments are the user's text: they go in the user message, never in the instructions.</summary>
internal static class AiPrompts
{
    public static List<ChatMessage> Draft(DraftRequest request, Platform platform, BrandNotes brand)
    {
        var limits = ContentRules.For(platform);
        var system = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"You write social media posts for a brand's {platform} account.")
            .AppendLine(CultureInfo.InvariantCulture, $"Write in {AiLanguages.Names[request.Language]}, in a {ToneWords(request.Tone)} tone.")
            .AppendLine(CultureInfo.InvariantCulture, $"The whole post, hashtags included, must be at most {Target(limits)} characters.")
            .AppendLine("End with up to three fitting hashtags on their own line.")
            .AppendLine("Answer with the post text only: no title, no quotes, no explanation.");
        AppendBrand(system, brand);
        return [new(ChatRole.System, system.ToString()), new(ChatRole.User, $"Brief: {request.Brief}")];
    }

    public static List<ChatMessage> Shorten(List<ChatMessage> conversation, string tooLong, Platform platform) =>
    [
        .. conversation,
        new(ChatRole.Assistant, tooLong),
        new(ChatRole.User, $"That is too long for {platform}. Rewrite it in at most {Target(ContentRules.For(platform))} characters, hashtags included. Answer with the post text only."),
    ];

    public static List<ChatMessage> Reply(ReplyContext context, BrandNotes brand)
    {
        var system = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"You write a reply from a brand's {context.Platform} account to a comment.")
            .AppendLine(CultureInfo.InvariantCulture, $"The comment reads as {context.Sentiment} with the intent '{context.Intent}'. Be helpful, kind and brief; never promise refunds or make legal statements.")
            .AppendLine(CultureInfo.InvariantCulture, $"At most {Math.Min(280, ContentRules.For(context.Platform).MaxLength)} characters. Reply in the comment's language. No hashtags.")
            .AppendLine("Answer with the reply text only.");
        AppendBrand(system, brand);
        var user = new StringBuilder();
        if (context.PostText is { } post)
        {
            user.AppendLine(CultureInfo.InvariantCulture, $"Our post: {post}");
        }

        foreach (var earlier in context.Thread)
        {
            user.AppendLine(CultureInfo.InvariantCulture, $"Earlier in the thread: {earlier}");
        }

        user.AppendLine(CultureInfo.InvariantCulture, $"Comment by {context.Author}: {context.Text}");
        return [new(ChatRole.System, system.ToString()), new(ChatRole.User, user.ToString())];
    }

    public static string ToneWords(string tone) => tone.ToLowerInvariant() switch
    {
        "brand" => "the brand's own",
        var t => t,
    };

    // A little under the limit: models count loosely, and the fitter does the rest.
    private static int Target(PlatformLimits limits) => Math.Min(limits.MaxLength, 3000) * 9 / 10;

    private static void AppendBrand(StringBuilder system, BrandNotes brand)
    {
        if (brand.Voice is { } voice)
        {
            system.AppendLine(CultureInfo.InvariantCulture, $"The brand's voice: {voice}");
        }

        if (brand.WordsToUse is { } use)
        {
            system.AppendLine(CultureInfo.InvariantCulture, $"Words to use where they fit: {use}");
        }

        if (brand.WordsToAvoid is { } avoid)
        {
            system.AppendLine(CultureInfo.InvariantCulture, $"Never use these words: {avoid}");
        }

        if (brand.HashtagList.Count > 0)
        {
            system.AppendLine(CultureInfo.InvariantCulture, $"The brand's hashtags: {string.Join(' ', brand.HashtagList)}");
        }
    }
}
