using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Inbox;

/// <summary>Rows the inbox tests start from: a Sandbox account with a published post, and analysed comments.</summary>
public static class InboxSeed
{
    /// <summary>A Sandbox account behaving as <paramref name="behavesAs"/> and one published post on it; returns their ids.</summary>
    public static async Task<(int AccountId, int PostId)> PublishedSandboxPostAsync(this SocialOpsAppFactory app, Platform behavesAs = Platform.Mastodon, string content = "Our new winter blend is out")
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow();
        var account = new PlatformAccount { Platform = behavesAs, DisplayName = $"Trial {Guid.NewGuid():N}", IsSandbox = true, CreatedAt = now, ExternalId = Guid.NewGuid().ToString("N") };
        var post = new Post { Platform = behavesAs, Account = account, Content = content, CreatedAt = now }
            .PublishedAt(now.AddHours(-1), Guid.NewGuid().ToString("N"));
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        return (account.Id, post.Id);
    }

    /// <summary>An analysed comment with the given reading, stored directly.</summary>
    public static async Task<long> CommentAsync(
        this SocialOpsAppFactory app, string text, Intent intent, SentimentLabel label, DateTimeOffset at, HandledState state = HandledState.Open,
        Platform platform = Platform.Mastodon, int? accountId = null)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var interaction = new Interaction
        {
            Platform = platform, ExternalId = Guid.NewGuid().ToString("N"), AccountId = accountId, AuthorName = "Sam", Text = text, ReceivedAt = at,
            Sentiment = new SentimentResult
            {
                Label = label, Intent = intent, ModelVersion = "test", AnalyzedAt = at, Confidence = 0.9, Score = 0.1,
            },
        };
        // A teammate's reading sets what follows from the intent (priority, whether it needs a reply), as the inbox does.
        interaction.Correct(label, intent, at);
        if (state != HandledState.Open)
        {
            interaction.Handle(state, null, null, at);
        }

        db.Interactions.Add(interaction);
        await db.SaveChangesAsync();
        return interaction.Id;
    }
}
