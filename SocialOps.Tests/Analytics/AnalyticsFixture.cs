using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Ai;
using SocialOps.Core.Analytics;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Analytics;

/// <summary>
/// A small, hand-countable world: a Bluesky account in Los Angeles, a Mastodon account in Berlin, a few posts around
/// local midnight and a daylight-saving change. The expected figures in the tests are worked out from these rows.
/// </summary>
public class AnalyticsFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    public SocialOpsAppFactory App { get; } = new() { Time = new FakeTimeProvider(Now) };

    public int LosAngeles { get; private set; }
    public int Berlin { get; private set; }

    public IDbContextFactory<SocialOpsDbContext> Contexts => App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();

    public AnalyticsService Analytics => App.Services.GetRequiredService<AnalyticsService>();

    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A PostgreSQL connection string to run on instead of SQLite.</summary>
    protected virtual Task<string?> PostgresAsync() => Task.FromResult<string?>(null);

    public async Task InitializeAsync()
    {
        if (await PostgresAsync() is { } postgres)
        {
            App.UsePostgres(postgres);
        }

        await using var db = await Contexts.CreateDbContextAsync();
        var la = new PlatformAccount { Platform = Platform.Bluesky, DisplayName = "LA", ExternalId = "la", TimeZone = "America/Los_Angeles", CreatedAt = Now };
        var berlin = new PlatformAccount { Platform = Platform.Mastodon, DisplayName = "Berlin", ExternalId = "berlin", TimeZone = "Europe/Berlin", CreatedAt = Now };
        db.PlatformAccounts.AddRange(la, berlin);
        await db.SaveChangesAsync();
        (LosAngeles, Berlin) = (la.Id, berlin.Id);

        // 1: 23:30 in Los Angeles on 14 June (06:30 UTC on the 15th); two snapshots, the newer saved first.
        var p1 = Post(la, "2026-06-15T06:30:00Z", "Evening roast #coffee", ["coffee"]);
        // 2: Berlin, 14 June; the platform does not report reach.
        var p2 = Post(berlin, "2026-06-14T10:00:00Z", "=cmd|' /C calc'!A0, \"quoted\"", ["coffee", "news"]);
        // 3: 01:00 in Los Angeles on 15 June.
        var p3 = Post(la, "2026-06-15T08:00:00Z", "Morning https://example.org/beans", []);
        // 4: never published: counts nowhere.
        var p4 = new Post { Platform = Platform.Bluesky, Account = la, Content = "draft", CreatedAt = Now }.ScheduledAt(Utc("2026-06-14T12:00:00Z"));
        // 5 and 6: around the spring-forward day in Los Angeles (8 March 2026 has 23 hours).
        var p5 = Post(la, "2026-03-08T07:30:00Z", "Saturday 23:30 PST", []);
        var p6 = Post(la, "2026-03-09T06:30:00Z", "Sunday 23:30 PDT", []);
        db.Posts.AddRange(p1, p2, p3, p4, p5, p6);
        await db.SaveChangesAsync();

        db.PostMetricSnapshots.Add(Snap(p1, "2026-06-16T06:30:00Z", 20, 4, 2, 1, 5, 1000, 800));
        await db.SaveChangesAsync();
        db.PostMetricSnapshots.AddRange(
            Snap(p1, "2026-06-15T07:30:00Z", 10, 2, 1, 0, 3, 400, 300),
            Snap(p2, "2026-06-14T12:00:00Z", 5, 1, 0, 0, 0, 200, 0),
            Snap(p3, "2026-06-15T09:00:00Z", 7, 0, 3, 0, 0, 100, 50),
            Snap(p4, "2026-06-15T09:00:00Z", 99, 99, 99, 99, 99, 999, 999),
            Snap(p5, "2026-03-08T09:00:00Z", 1, 0, 0, 0, 0, 10, 10),
            Snap(p6, "2026-03-09T08:00:00Z", 2, 0, 0, 0, 0, 20, 20));

        db.FollowerSnapshots.AddRange(
            Followers(la, "2026-06-13", 1000), Followers(la, "2026-06-14", 1010), Followers(la, "2026-06-15", 1030),
            Followers(berlin, "2026-06-13", 500), Followers(berlin, "2026-06-14", 490));

        db.Interactions.AddRange(
            Comment(la, p1, "c1", "2026-06-15T06:45:00Z", SentimentLabel.Positive, 0.8),
            Comment(berlin, p2, "c2", "2026-06-14T12:00:00Z", SentimentLabel.Negative, -0.6),
            Comment(la, p3, "c3", "2026-06-15T12:00:00Z", SentimentLabel.Neutral, 0.0));
        db.AiGenerationUsages.Add(new AiGenerationUsage { At = Utc("2026-06-14T15:00:00Z"), Provider = "p", Model = "m", CostUsd = 1.25m });
        await db.SaveChangesAsync();
    }

    private static Post Post(PlatformAccount account, string publishedAt, string content, List<string> tags) =>
        new Post { Platform = account.Platform, Account = account, Content = content, Hashtags = tags, CreatedAt = Now }
            .PublishedAt(Utc(publishedAt), externalUrl: $"https://example.social/{publishedAt}");

    private static PostMetricSnapshot Snap(Post post, string at, long likes, long comments, long shares, long saves, long clicks, long impressions, long reach) => new()
    {
        PostId = post.Id, TakenAt = Utc(at), Likes = likes, Comments = comments, Shares = shares, Saves = saves, Clicks = clicks, Impressions = impressions, Reach = reach,
    };

    private static FollowerSnapshot Followers(PlatformAccount account, string day, long count) => new()
    {
        AccountId = account.Id, Day = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), Followers = count, TakenAt = Now,
    };

    private static Interaction Comment(PlatformAccount account, Post post, string id, string at, SentimentLabel label, double score) => new()
    {
        Platform = account.Platform, Kind = InteractionKind.Comment, ExternalId = id, AccountId = account.Id, PostId = post.Id, AuthorName = "A", Text = "t",
        ReceivedAt = Utc(at),
        Sentiment = new SentimentResult { Label = label, Score = score, ModelVersion = "test", AnalyzedAt = Utc(at) },
    };

    public virtual Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The same world on a fresh database of the real PostgreSQL server.</summary>
public sealed class PostgresAnalyticsFixture : AnalyticsFixture
{
    private readonly PostgresDatabase _database = new();

    protected override async Task<string?> PostgresAsync()
    {
        await _database.InitializeAsync();
        return _database.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
