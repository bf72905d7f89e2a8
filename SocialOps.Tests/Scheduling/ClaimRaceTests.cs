using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>
/// Two instances on one PostgreSQL database, with Quartz out of the way: the claim alone decides who publishes, and
/// the occurrence index alone decides who plans a series' next post.
/// </summary>
public sealed class ClaimRaceTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private SocialOpsAppFactory Instance() => new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false" } }.UsePostgres(database.ConnectionString);

    [Fact]
    public async Task TwoInstancesRacingTheSamePostsPublishEachOnce()
    {
        using var a = Instance();
        using var b = Instance();
        var ids = new List<int>();
        await using (var db = await a.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            var now = TimeProvider.System.GetUtcNow();
            var posts = Enumerable.Range(0, 40).Select(i => new Post { Platform = Core.Publishing.Platform.Sandbox, Content = $"race {i}", CreatedAt = now }.ScheduledAt(now)).ToList();
            db.Posts.AddRange(posts);
            await db.SaveChangesAsync();
            ids.AddRange(posts.Select(p => p.Id));
        }

        // Four runs per post (two per instance) at once, a few posts at a time so the server's connection slots suffice.
        var publishers = new[] { a.Services.GetRequiredService<PostPublisher>(), b.Services.GetRequiredService<PostPublisher>() };
        foreach (var batch in ids.Chunk(5))
        {
            await Task.WhenAll(batch.SelectMany(id => publishers.SelectMany(p => new[] { Task.Run(() => p.PublishDueAsync(id, CancellationToken.None)), Task.Run(() => p.PublishDueAsync(id, CancellationToken.None)) })));
        }

        await using var check = await a.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var publications = await check.SandboxPublications.Where(p => ids.Contains(p.PostId)).GroupBy(p => p.PostId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(ids.Count, publications.Count);
        Assert.All(publications, count => Assert.Equal(1, count));
        Assert.Equal(ids.Count, await check.Posts.CountAsync(p => ids.Contains(p.Id) && p.Status == PostStatus.Published));
        Assert.All(await check.PublishAttempts.Where(x => ids.Contains(x.PostId)).GroupBy(x => x.PostId).Select(g => g.Count()).ToListAsync(), n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task TwoInstancesRacingOneInstantPublishItsPostsOnceAndNoOthers()
    {
        using var a = Instance();
        using var b = Instance();
        // A time with ticks below the microsecond, which PostgreSQL drops: the instant is the whole microsecond.
        var at = TimeProvider.System.GetUtcNow().AddTicks(7);
        var instant = PublishPostJob.Instant(at);
        List<int> due, others;
        await using (var db = await a.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            Post New(string text, DateTimeOffset when, PostStatus status = PostStatus.Scheduled) =>
                new Post { Platform = Core.Publishing.Platform.Sandbox, Content = text, CreatedAt = at }.InState(status, when);
            var instantPosts = Enumerable.Range(0, 30).Select(i => New($"instant {i}", at)).ToList();
            var otherPosts = new List<Post>
            {
                New("a microsecond later", instant.AddTicks(10)), New("a tick earlier", instant.AddTicks(-1)),
                New("waits for approval", at, PostStatus.PendingApproval), New("a draft", at, PostStatus.Draft),
            };
            db.Posts.AddRange(instantPosts);
            db.Posts.AddRange(otherPosts);
            await db.SaveChangesAsync();
            (due, others) = ([.. instantPosts.Select(p => p.Id)], [.. otherPosts.Select(p => p.Id)]);
        }

        var publishers = new[] { a.Services.GetRequiredService<PostPublisher>(), b.Services.GetRequiredService<PostPublisher>() };
        await Task.WhenAll(publishers.SelectMany(p => new[] { Task.Run(() => p.PublishDueAtAsync(instant, CancellationToken.None)), Task.Run(() => p.PublishDueAtAsync(instant, CancellationToken.None)) }));

        await using var check = await a.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var publications = await check.SandboxPublications.Where(p => due.Contains(p.PostId) || others.Contains(p.PostId)).GroupBy(p => p.PostId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(due.Order(), publications.Select(p => p.Key).Order());
        Assert.All(publications, p => Assert.Equal(1, p.Count));
        Assert.Equal(due.Count, await check.Posts.CountAsync(p => due.Contains(p.Id) && p.Status == PostStatus.Published));
        Assert.Equal(2, await check.Posts.CountAsync(p => others.Contains(p.Id) && p.Status == PostStatus.Scheduled));
    }

    [Fact]
    public async Task TwoPlannersRacingTheSameSeriesCreateEachOccurrenceOnce()
    {
        using var a = Instance();
        using var b = Instance();
        using var response = await a.CreateClientAs(Roles.Editor).PostAsJsonAsync(new Uri("/api/scheduler/schedule", UriKind.Relative),
            new { platform = "sandbox", content = "every minute", recurrencePattern = "* * * * *", timeZone = "Europe/Berlin" });
        response.EnsureSuccessStatusCode();
        int scheduleId;
        await using (var db = await a.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            var first = await db.Posts.SingleAsync(p => p.Content == "every minute");
            scheduleId = first.ScheduleId!.Value;
            first.PublishedAt(TimeProvider.System.GetUtcNow()); // the occurrence went out: the series needs its next one
            await db.SaveChangesAsync();
        }

        var planners = new[] { a.Services.GetRequiredService<SeriesPlanner>(), b.Services.GetRequiredService<SeriesPlanner>() };
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => planners[i % 2].EnsureNextAsync(scheduleId, CancellationToken.None))));

        await using var check = await a.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var pending = await check.Posts.Where(p => p.ScheduleId == scheduleId && p.Status == PostStatus.Scheduled).ToListAsync();
        Assert.Single(pending);
        Assert.Equal(2, (await check.Schedules.SingleAsync(s => s.Id == scheduleId)).OccurrencesCreated);
    }
}
