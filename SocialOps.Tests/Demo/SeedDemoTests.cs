using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Demo;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Core.Sentiment.Engine;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Demo;

public sealed class SeedDemoTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);
    private readonly SocialOpsAppFactory _app = new() { Time = new FakeTimeProvider(Now) };

    [Fact]
    public async Task SeedingTwiceLeavesTheSameRowCounts()
    {
        var seeder = _app.Services.GetRequiredService<DemoSeeder>();

        var first = await seeder.SeedAsync();
        var countsAfterFirst = await CountRowsAsync();
        var second = await seeder.SeedAsync();
        var countsAfterSecond = await CountRowsAsync();

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(countsAfterFirst, countsAfterSecond);
        Assert.All(countsAfterFirst, c => Assert.True(c.Value > 0, $"{c.Key} has no demo rows"));
    }

    [Fact]
    public async Task DemoDataIsPresentOnlyOnceSeeded()
    {
        var demo = _app.Services.GetRequiredService<DemoData>();
        var before = await demo.PresentAsync();

        await _app.Services.GetRequiredService<DemoSeeder>().SeedAsync();

        Assert.False(before);
        Assert.True(await demo.PresentAsync());
    }

    [Fact]
    public async Task DemoDataCoversNinetyDaysOnSeveralPlatformsAndIsLabelled()
    {
        await _app.Services.GetRequiredService<DemoSeeder>().SeedAsync();
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();

        Assert.True(await db.PlatformAccounts.Select(a => a.Platform).Distinct().CountAsync() >= 4);
        Assert.All(await db.Posts.ToListAsync(), p => Assert.True(p.IsDemo && p.Content.StartsWith("[Demo]", StringComparison.Ordinal), p.Content));
        Assert.All(await db.PlatformAccounts.ToListAsync(), a => Assert.True(a.IsDemo && a.DisplayName.Contains("demo", StringComparison.OrdinalIgnoreCase)));

        var days = await db.FollowerSnapshots.Select(f => f.Day).Distinct().ToListAsync();
        Assert.Equal(DemoSeeder.Days, days.Count);
        Assert.Equal(new DateOnly(2026, 11, 24), days.Max());
        Assert.Equal(new DateOnly(2026, 8, 27), days.Min());

        var published = await db.Posts.Where(p => p.Status == PostStatus.Published).ToListAsync();
        Assert.True(published.Count > 200, $"only {published.Count} published posts");
        Assert.All(published, p => Assert.True(p.PublishedAt <= Now));
        Assert.True(await db.Posts.CountAsync(p => p.Status == PostStatus.Scheduled && p.ScheduledFor > Now) >= 6);
        Assert.True(await db.Interactions.CountAsync() > 300);
        Assert.Equal(await db.Interactions.CountAsync(), await db.SentimentResults.CountAsync());
        Assert.True(await db.Interactions.AllAsync(i => i.ReceivedAt <= Now));
    }

    [Fact]
    public async Task EveryUpcomingDemoPostHasItsTriggerFromTheStart()
    {
        await _app.Services.GetRequiredService<DemoSeeder>().SeedAsync();
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var triggers = _app.Services.GetRequiredService<SocialOps.Core.Scheduling.PostTriggers>();
        var upcoming = await db.Posts.Where(p => p.Status == PostStatus.Scheduled).Select(p => p.Id).ToListAsync();

        Assert.NotEmpty(upcoming);
        foreach (var id in upcoming)
        {
            Assert.True(await triggers.ExistsAsync(id), $"post {id} has no trigger");
        }

        Assert.DoesNotContain(_app.Logs.Lines, l => l.Contains("had no trigger", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DemoCommentsCarryWhatTheConfiguredEngineSays()
    {
        await _app.Services.GetRequiredService<DemoSeeder>().SeedAsync();
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var comments = await db.Interactions.Include(i => i.Sentiment).Take(60).ToListAsync();
        var analyzer = _app.Services.GetRequiredService<SentimentAnalyzer>();

        var fresh = await analyzer.AnalyzeAsync([.. comments.Select(c => c.Text)], [.. comments.Select(c => c.AuthorName.Split(' ')[0])], CancellationToken.None);

        var version = _app.Services.GetRequiredService<SentimentEngine>().Status.ModelVersion;
        for (var i = 0; i < comments.Count; i++)
        {
            var stored = comments[i].Sentiment!;
            Assert.Equal((fresh[i].Sentiment, fresh[i].SentimentScore, fresh[i].Confidence, fresh[i].Intent, fresh[i].AutoResponse, version),
                (stored.Label, stored.Score, stored.Confidence, stored.Intent, stored.SuggestedReply, stored.ModelVersion));
        }

        // A suggested reply appears only where the engine is confident enough, as for real comments.
        Assert.All(comments.Where(c => c.Sentiment!.SuggestedReply is not null), c => Assert.True(c.Sentiment!.Confidence >= 0.85));
    }

    private async Task<Dictionary<string, int>> CountRowsAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return new Dictionary<string, int>
        {
            ["accounts"] = await db.PlatformAccounts.CountAsync(),
            ["posts"] = await db.Posts.CountAsync(),
            ["schedules"] = await db.Schedules.CountAsync(),
            ["attempts"] = await db.PublishAttempts.CountAsync(),
            ["interactions"] = await db.Interactions.CountAsync(),
            ["sentiments"] = await db.SentimentResults.CountAsync(),
            ["metrics"] = await db.PostMetricSnapshots.CountAsync(),
            ["followers"] = await db.FollowerSnapshots.CountAsync(),
            ["ai"] = await db.AiGenerationUsages.CountAsync(),
            ["audit"] = await db.AuditEntries.CountAsync(),
        };
    }

    public void Dispose() => _app.Dispose();
}

public sealed class PostgresSeedDemoTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private SocialOpsAppFactory? _app;

    [Fact]
    public async Task SeedingWorksOnPostgresAndTheSecondRunChangesNothing()
    {
        _app = new SocialOpsAppFactory().UsePostgres(database.ConnectionString);
        var seeder = _app.Services.GetRequiredService<DemoSeeder>();

        var first = await seeder.SeedAsync();
        var second = await seeder.SeedAsync();

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal((first.Accounts, first.Posts, first.Interactions), (second.Accounts, second.Posts, second.Interactions));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(first.Posts, await db.Posts.CountAsync());
    }

    public void Dispose() => _app?.Dispose();
}
