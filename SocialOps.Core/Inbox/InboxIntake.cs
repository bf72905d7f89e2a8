using Microsoft.Extensions.Logging;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Core.Sentiment.Engine;
using SocialOps.Core.Telemetry;

namespace SocialOps.Core.Inbox;

/// <summary>
/// The inbox's front door: comments from a connection's fetch, a platform's push, the Sandbox or an import are stored
/// once per account (by account, platform and id: webhook senders choose their own ids, and one Mastodon status can
/// mention two of our accounts) together with the engine's reading of them, and announced as they arrive.
/// </summary>
public sealed partial class InboxIntake(
    IDbContextFactory<SocialOpsDbContext> contexts, SentimentAnalyzer analyzer, SentimentEngine engine, SentimentService sentiment,
    TimeProvider time, ILogger<InboxIntake> logger)
{
    /// <summary>
    /// Stores what is new of <paramref name="items"/> (by account and platform id), linked to the posts they answer
    /// (<paramref name="posts"/>: a platform's post id to ours), with their analysis; with a <paramref name="cursor"/>,
    /// the account's mentions cursor moves in the same save, so a run that fails halfway keeps neither and resumes.
    /// Returns the ids of the new items.
    /// </summary>
    public async Task<IReadOnlyList<long>> StoreAsync(
        PlatformAccount? account, Platform platform, IReadOnlyList<IncomingComment> items, IReadOnlyDictionary<string, int> posts,
        string? cursor = null, CancellationToken ct = default)
    {
        using var activity = SocialOpsTracing.Source.StartActivity("inbox intake");
        activity?.SetTag(SocialOpsTracing.PlatformTag, SocialOpsMeter.PlatformTag(platform));
        activity?.SetTag("socialops.items", items.Count);
        await using var db = await contexts.CreateDbContextAsync(ct);
        int? PostOf(IncomingComment i) => i.PostExternalId is { } p && posts.TryGetValue(p, out var id) ? id
            : i.ParentExternalId is { } parent && posts.TryGetValue(parent, out var parentId) ? parentId : null;

        // A comment belongs to the account it came through; one without (an import) to the account of the post it answers.
        var postAccounts = new Dictionary<int, int?>();
        if (account is null)
        {
            var postIds = items.Select(PostOf).OfType<int>().Distinct().ToList();
            postAccounts = await db.Posts.Where(p => postIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.AccountId, ct);
        }

        int? AccountOf(int? postId) => account?.Id ?? (postId is { } id ? postAccounts.GetValueOrDefault(id) : null);
        var ids = items.Select(i => i.ExternalId).Distinct().ToList();
        var known = (await db.Interactions.Where(i => i.Platform == platform && ids.Contains(i.ExternalId))
            .Select(i => new { i.AccountId, i.ExternalId }).ToListAsync(ct)).Select(i => (i.AccountId, i.ExternalId)).ToHashSet();
        var fresh = items.Select(i => (Item: i, PostId: PostOf(i))).Select(x => (x.Item, x.PostId, AccountId: AccountOf(x.PostId)))
            .Where(x => !known.Contains((x.AccountId, x.Item.ExternalId))).DistinctBy(x => (x.AccountId, x.Item.ExternalId)).Select(x => new Interaction
        {
            Platform = platform,
            Kind = x.Item.Kind,
            ExternalId = x.Item.ExternalId,
            AccountId = x.AccountId,
            PostId = x.PostId,
            ParentExternalId = x.Item.ParentExternalId,
            AuthorName = x.Item.AuthorName,
            AuthorHandle = x.Item.AuthorHandle,
            Text = x.Item.Text,
            ReceivedAt = x.Item.At,
        }).ToList();
        await AnalyseAsync(fresh, ct);
        db.Interactions.AddRange(fresh);
        if (account is not null && cursor is not null && cursor != account.MentionsCursor)
        {
            var tracked = await db.PlatformAccounts.SingleAsync(a => a.Id == account.Id, ct);
            tracked.MentionsCursor = account.MentionsCursor = cursor;
        }

        await db.SaveChangesAsync(ct);
        activity?.SetTag("socialops.new_interactions", fresh.Count);
        return [.. fresh.Select(i => i.Id)];
    }

    /// <summary>Analyses what a connection stored without a reading (the engine failed then), a hundred at a time.</summary>
    public async Task AnalysePendingAsync(int accountId, CancellationToken ct)
    {
        List<AnalyzeItem> pending;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            pending = await db.Interactions.AsNoTracking().Where(i => i.AccountId == accountId && i.Sentiment == null)
                .OrderBy(i => i.Id).Take(100).Select(i => new AnalyzeItem(i.Text, i.Id)).ToListAsync(ct);
        }

        if (pending.Count > 0)
        {
            try
            {
                await sentiment.AnalyzeAsync(pending, Actor.System, ct);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
            {
                LogAnalysisFailed(logger, ex);
            }
        }
    }

    // New comments arrive with their reading; if the engine fails, they are stored without one and read later.
    private async Task AnalyseAsync(List<Interaction> fresh, CancellationToken ct)
    {
        if (fresh.Count == 0)
        {
            return;
        }

        try
        {
            var now = time.GetUtcNow();
            foreach (var batch in fresh.Chunk(100))
            {
                var readings = await analyzer.AnalyzeAsync([.. batch.Select(i => i.Text)], [.. batch.Select(i => (string?)i.AuthorName)], ct);
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i].Read(readings[i], engine.Status.ModelVersion, now, announce: false);
                }
            }
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            foreach (var interaction in fresh)
            {
                interaction.Sentiment = null;
            }

            LogAnalysisFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysing new comments failed; they are stored and wait for the next run")]
    private static partial void LogAnalysisFailed(ILogger logger, Exception exception);
}
