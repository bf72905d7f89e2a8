using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Ai;

/// <summary>What a reply is written from: the comment, its thread and post, and what the sentiment engine read in it.</summary>
public sealed record ReplyContext(Platform Platform, string Author, string Text, string Sentiment, string Intent, string? PostText, IReadOnlyList<string> Thread);

/// <summary>A reply for a person to edit or approve; nothing is sent.</summary>
public sealed record ReplyDraft(long InteractionId, string Content, string Provider, string Model, bool IsTemplate);

public sealed partial class AiDraftService
{
    private const int ThreadDepth = 5;

    /// <summary>A reply to one comment, or null when there is no such comment.</summary>
    public async Task<ReplyDraft?> ReplyAsync(long interactionId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.Require(Access.Editor).UserId;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var comment = await db.Interactions.AsNoTracking().Include(i => i.Sentiment).Include(i => i.Post)
            .SingleOrDefaultAsync(i => i.Id == interactionId, ct);
        if (comment is null)
        {
            return null;
        }

        var thread = comment.PostId is { } postId
            ? await db.Interactions.AsNoTracking()
                .Where(i => i.PostId == postId && i.Id != comment.Id && i.ReceivedAt <= comment.ReceivedAt)
                .OrderByDescending(i => i.ReceivedAt).Take(ThreadDepth).Select(i => i.AuthorName + ": " + i.Text).ToListAsync(ct)
            : [];
        thread.Reverse();
        var sentiment = comment.Sentiment;
        var context = new ReplyContext(
            comment.Platform, comment.AuthorName, comment.Text, (sentiment?.Label ?? SentimentLabel.Neutral).ToString().ToLowerInvariant(),
            (sentiment?.Intent ?? Intent.None).ToString(), comment.Post?.Content, thread);

        var settings = await store.GetAsync(ct);
        using var client = clients.Create(settings);
        if (client is null)
        {
            var template = sentiment?.SuggestedReply ?? TemplateReply(context);
            return new ReplyDraft(interactionId, DraftFitter.Trim(comment.Platform, template), TemplateProvider, TemplateModel, true);
        }

        var text = await AskAsync(client, settings, AiPrompts.Reply(context, settings.Brand), "reply", userId, 0, [], ct);
        return new ReplyDraft(interactionId, DraftFitter.Trim(comment.Platform, text), settings.ProviderName, settings.ModelName, false);
    }

    private static string TemplateReply(ReplyContext c) => c.Intent switch
    {
        nameof(Intent.Complaint) => $"Hi {c.Author}, we're sorry to hear that. Could you send us a direct message with the details so we can put it right?",
        nameof(Intent.Query) => $"Hi {c.Author}, thanks for asking! We'll get back to you with the answer shortly.",
        nameof(Intent.Praise) => $"Thank you so much, {c.Author}! That made our day.",
        nameof(Intent.PurchaseIntent) => $"Hi {c.Author}, great to hear! Send us a direct message and we'll help you with your order.",
        _ => $"Thanks for your comment, {c.Author}!",
    };
}
