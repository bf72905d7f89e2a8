using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Inbox;

public sealed record InboxItem(
    long Id, Platform Platform, string AuthorName, string? AuthorHandle, string Text, DateTimeOffset ReceivedAt,
    SentimentLabel? Sentiment, double? Score, Intent? Intent, ResponsePriority? Priority, HandledState? State, string? SuggestedReply);

public sealed class InboxQueries(IDbContextFactory<SocialOpsDbContext> contexts)
{
    /// <summary>Newest first; with <paramref name="openOnly"/>, only what still needs a reply, most urgent first.</summary>
    public async Task<IReadOnlyList<InboxItem>> ListAsync(bool openOnly, int take = 100, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Interactions.AsNoTracking();
        if (openOnly)
        {
            query = query.Where(i => i.Sentiment != null && i.Sentiment.RequiresResponse && i.Sentiment.HandledState == HandledState.Open);
        }

        var ordered = openOnly
            ? query.OrderByDescending(i => i.Sentiment!.Priority).ThenByDescending(i => i.ReceivedAt)
            : query.OrderByDescending(i => i.ReceivedAt);
        return await ordered.Take(take)
            .Select(i => new InboxItem(i.Id, i.Platform, i.AuthorName, i.AuthorHandle, i.Text, i.ReceivedAt,
                i.Sentiment == null ? null : i.Sentiment.Label,
                i.Sentiment == null ? null : i.Sentiment.Score,
                i.Sentiment == null ? null : i.Sentiment.Intent,
                i.Sentiment == null ? null : i.Sentiment.Priority,
                i.Sentiment == null ? null : i.Sentiment.HandledState,
                i.Sentiment == null ? null : i.Sentiment.SuggestedReply))
            .ToListAsync(ct);
    }
}
