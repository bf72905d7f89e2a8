using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Data;

/// <summary>
/// What every save does: one pass over the tracked entities (the publish path saves three times per post), the post's
/// version bumped, entities added through a navigation found, the audit kept append-only.
/// </summary>
public sealed class SaveChangesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ASaveComparesTheTrackedEntitiesOnceAndStillSeesEveryChange()
    {
        using var app = new SocialOpsAppFactory();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();
        var postId = await NewPostAsync(contexts);

        await using (var db = await contexts.CreateDbContextAsync())
        {
            var post = await db.Posts.Include(p => p.Attempts).SingleAsync(p => p.Id == postId);
            var passes = 0;
            db.ChangeTracker.DetectingAllChanges += (_, _) => passes++;

            // Changed through plain properties and a navigation only: nothing tells the context but its own detection.
            post.Claim(new PublishAttempt { AttemptNumber = 1, Outcome = PublishOutcome.Pending, IdempotencyKey = "k-1", StartedAt = At }, At);
            db.AuditEntries.Add(new AuditEntry { At = At, Actor = "test", Action = "post.claim", EntityType = "Post", EntityId = "1" });
            await db.SaveChangesAsync();

            Assert.Equal(1, passes);
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        }

        await using (var db = await contexts.CreateDbContextAsync())
        {
            var post = await db.Posts.Include(p => p.Attempts).SingleAsync(p => p.Id == postId);
            Assert.Equal(PostStatus.Publishing, post.Status);
            Assert.Equal(1, post.Version);
            Assert.Single(post.Attempts);
        }
    }

    [Fact]
    public async Task AChangedAuditEntryIsRefusedAndTheContextDetectsChangesAgainAfterwards()
    {
        using var app = new SocialOpsAppFactory();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var entry = new AuditEntry { At = At, Actor = "test", Action = "first", EntityType = "Post", EntityId = "1" };
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync();

        entry.Action = "rewritten";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);

        await using var fresh = await contexts.CreateDbContextAsync();
        Assert.Equal("first", (await fresh.AuditEntries.SingleAsync(a => a.Id == entry.Id)).Action);
    }

    private static async Task<int> NewPostAsync(IDbContextFactory<SocialOpsDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var account = new PlatformAccount { Platform = Platform.Sandbox, DisplayName = "Brand", Handle = "@brand", ExternalId = "a-1", TimeZone = "UTC", CreatedAt = At };
        var post = new Post { Platform = Platform.Sandbox, Account = account, Content = "Hello", CreatedAt = At }.ScheduledAt(At);
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        return post.Id;
    }
}
