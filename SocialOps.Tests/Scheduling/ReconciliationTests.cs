using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>A process that died between the platform's answer and its own database write leaves a claimed post: it is settled, never doubled.</summary>
public sealed class ReconciliationTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new() { Settings = { ["Scheduling:HeartbeatInterval"] = "00:00:01" } };

    [Fact]
    public async Task AClaimThePlatformHonouredBecomesPublishedWithoutPublishingAgain()
    {
        var id = await AddAbandonedClaimAsync(alreadyOnThePlatform: true);

        var post = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal(1, await _app.SandboxCountAsync(id));
    }

    [Fact]
    public async Task AClaimThePlatformNeverSawIsPublishedOnce()
    {
        var id = await AddAbandonedClaimAsync(alreadyOnThePlatform: false);

        var post = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(1, await _app.SandboxCountAsync(id));
        Assert.Equal([PublishOutcome.TransientFailure, PublishOutcome.Succeeded], post.Attempts.OrderBy(a => a.AttemptNumber).Select(a => a.Outcome));
    }

    private async Task<int> AddAbandonedClaimAsync(bool alreadyOnThePlatform)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow();
        var post = new Post { Platform = Platform.Sandbox, Content = "claimed, then the process died", CreatedAt = now }.ScheduledAt(now.AddSeconds(-5));
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        post.ClaimedAt(now, new PublishAttempt
        {
            AttemptNumber = 1, Outcome = PublishOutcome.Pending, IdempotencyKey = PostPublisher.IdempotencyKey(post.Id),
            StartedAt = now.AddSeconds(-4), InstanceId = "a-process-that-died",
        });
        if (alreadyOnThePlatform)
        {
            db.SandboxPublications.Add(new SandboxPublication { PostId = post.Id, IdempotencyKey = PostPublisher.IdempotencyKey(post.Id), Content = post.Content, PublishedAt = now.AddSeconds(-4) });
        }

        await db.SaveChangesAsync();
        return post.Id;
    }

    public void Dispose() => _app.Dispose();
}
