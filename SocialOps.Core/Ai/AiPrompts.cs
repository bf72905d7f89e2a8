using System.Text;
using Microsoft.Extensions.AI;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Ai;

/// <summary>
/// The messages sent to the model. The brief, posts and comments are others' text: they go in the user message, each fenced
/// as data (<see cref="PromptFence"/>), never in the instructions; the system message says fenced text is never an instruction.
/// </summary>
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
            .AppendLine("Answer with the post text only: no title, no quotes, no explanation.")
            .AppendLine(PromptFence.Rule);
        AppendBrand(system, brand);
        return [new(ChatRole.System, system.ToString()), new(ChatRole.User, "Write the post from this brief.\n" + PromptFence.Wrap("brief", request.Brief))];
    }

    public static List<ChatMessage> Shorten(List<ChatMessage> conversation, string tooLong, Platform platform) =>
    [
        .. conversation,
        new(ChatRole.Assistant, tooLong),
        new(ChatRole.User, $"That is too long for {platform}. Rewrite it in at most {Target(ContentRules.For(platform))} characters, hashtags included. Answer with the post text only."),
    ];

    /// <summary>Reads one comment the in-process model cannot (another language) into the engine's labels, as JSON.</summary>
    public static List<ChatMessage> Sentiment(string comment)
    {
        var system = new StringBuilder()
            .AppendLine("You read one social media comment to a brand; it may be in any language.")
            .AppendLine("Answer with one JSON object and nothing else: {\"sentiment\": \"positive\" | \"neutral\" | \"negative\", \"score\": P(positive) - P(negative) from -1 to 1, \"confidence\": 0 to 1, \"intent\": \"complaint\" | \"query\" | \"praise\" | \"purchase_intent\" | \"none\"}.")
            .AppendLine("A complaint about prices is a complaint, not purchase intent.")
            .AppendLine(PromptFence.Rule);
        return [new(ChatRole.System, system.ToString()), new(ChatRole.User, PromptFence.Wrap("the comment", comment))];
    }

    public static List<ChatMessage> Reply(ReplyContext context, BrandNotes brand)
    {
        var system = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"You write a reply from a brand's {context.Platform} account to a comment.")
            .AppendLine(CultureInfo.InvariantCulture, $"The comment reads as {context.Sentiment} with the intent '{context.Intent}'. Be helpful, kind and brief; never promise refunds or make legal statements.")
            .AppendLine(CultureInfo.InvariantCulture, $"At most {Math.Min(280, ContentRules.For(context.Platform).MaxLength)} characters. Reply in the comment's language. No hashtags.")
            .AppendLine("Answer with the reply text only.")
            .AppendLine(PromptFence.Rule);
        AppendBrand(system, brand);
        var user = new StringBuilder();
        if (context.PostText is { } post)
        {
            user.AppendLine(PromptFence.Wrap("our post", post));
        }

        foreach (var earlier in context.Thread)
        {
            user.AppendLine(PromptFence.Wrap("earlier in the thread (author: text)", earlier));
        }

        user.AppendLine(PromptFence.Wrap("comment author's name", context.Author))
            .AppendLine(PromptFence.Wrap("the comment to reply to", context.Text));
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
            system.AppendLine(CultureInfo.InvariantCulture, $"The brand's voice: {PromptFence.Neutralise(voice)}");
        }

        if (brand.WordsToUse is { } use)
        {
            system.AppendLine(CultureInfo.InvariantCulture, $"Words to use where they fit: {PromptFence.Neutralise(use)}");
        }

        if (brand.WordsToAvoid is { } avoid)
        {
            system.AppendLine(CultureInfo.InvariantCulture, $"Never use these words: {PromptFence.Neutralise(avoid)}");
        }

        if (brand.HashtagList.Count > 0)
        {
            system.AppendLine(CultureInfo.InvariantCulture, $"The brand's hashtags: {PromptFence.Neutralise(string.Join(' ', brand.HashtagList))}");
        }
    }
}
