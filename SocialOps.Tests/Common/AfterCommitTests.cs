using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Common;

/// <summary>Events go on the bus from one place, once what they announce is committed, and never for what was rolled back.</summary>
public sealed class AfterCommitTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();
    private readonly List<PostStatusChanged> _heard = [];
    private readonly IDisposable _subscription;

    public AfterCommitTests()
    {
        _subscription = _app.Services.GetRequiredService<EventBus>().Subscribe<PostStatusChanged>(batch =>
        {
            lock (_heard)
            {
                _heard.AddRange(batch);
            }

            return Task.CompletedTask;
        });
    }

    private IDbContextFactory<SocialOpsDbContext> Contexts => _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();

    private static Post New(string text) => new() { Platform = Platform.Sandbox, Content = text, CreatedAt = TimeProvider.System.GetUtcNow() };

    private int[] Heard()
    {
        lock (_heard)
        {
            return [.. _heard.Select(e => e.PostId)];
        }
    }

    private async Task HeardAsync(params int[] ids)
    {
        for (var i = 0; i < 300 && !ids.All(Heard().Contains); i++)
        {
            await Task.Delay(10);
        }

        Assert.Subset(Heard().ToHashSet(), ids.ToHashSet());
    }

    [Fact]
    public async Task ASaveOfItsOwnIsAnnouncedWithTheIdsItGave()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var post = New("saved");
        db.Posts.Add(post);

        await db.SaveChangesAsync();

        Assert.NotEqual(0, post.Id);
        await HeardAsync(post.Id);
    }

    [Fact]
    public async Task SavesInsideATransactionAreAnnouncedOnlyWhenItCommits()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var post = New("in a transaction");
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        post.ScheduleAt(TimeProvider.System.GetUtcNow().AddDays(1), needsApproval: false, TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
        await Task.Delay(200);
        Assert.DoesNotContain(post.Id, Heard());

        await transaction.CommitAsync();

        await HeardAsync(post.Id);
        lock (_heard)
        {
            Assert.Equal(PostStatus.Scheduled, _heard.Last(e => e.PostId == post.Id).Status);
        }
    }

    [Fact]
    public async Task WhatARolledBackTransactionOrAFailedSaveWroteIsNeverAnnounced()
    {
        int rolledBack;
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var post = New("rolled back");
            db.Posts.Add(post);
            await db.SaveChangesAsync();
            rolledBack = post.Id;
            await transaction.RollbackAsync();
        }

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var post = New("fails");
            db.Posts.Add(post);
            db.PublishAttempts.Add(new PublishAttempt { PostId = 999_999, AttemptNumber = 1, IdempotencyKey = "no such post" });
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        var later = New("later");
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.Posts.Add(later);
            await db.SaveChangesAsync();
            await HeardAsync(later.Id);
        }

        await Task.Delay(200);
        Assert.Equal([later.Id], Heard()); // only what was committed (SQLite may give the later post a rolled-back id again)
        Assert.True(rolledBack > 0);
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _app.Dispose();
    }
}
