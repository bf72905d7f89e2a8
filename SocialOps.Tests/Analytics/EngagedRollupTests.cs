using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Analytics;

/// <summary>
/// The hourly growth roll-up (<see cref="PostMetricDay"/>) and the figures at 7 days on <see cref="PostMetricTotal"/>
/// hold what the snapshots say, whatever order they arrive in and when a platform corrects a count downwards; the
/// dashboard read through them equals the figures worked out from the snapshots by hand; the migration fills them in.
/// </summary>
public sealed class EngagedRollupTests() : EngagedRollupCases(new SocialOpsAppFactory(), postgres: false);

public sealed class PostgresEngagedRollupTests(PostgresDatabase database)
    : EngagedRollupCases(new SocialOpsAppFactory().UsePostgres(database.ConnectionString), postgres: true), IClassFixture<PostgresDatabase>;

public abstract class EngagedRollupCases(SocialOpsAppFactory app, bool postgres) : IDisposable
{
    // Europe/Berlin moves its clocks forward on 29 March 2026: the periods below span a 23-hour day.
    private static readonly DateTimeOffset Start = new(2026, 3, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly SocialOpsAppFactory _app = app;

    private IDbContextFactory<SocialOpsDbContext> Contexts => _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TheRollupsAndTheDashboardEqualTheFiguresWorkedOutFromTheSnapshotsWhateverTheArrivalOrder(int seed)
    {
        var random = new Random(seed);
        // Each seed on weeks of its own (the PostgreSQL cases share one database), both around the spring change.
        var shift = TimeSpan.FromDays(364 * (seed - 1));
        var posts = Enumerable.Range(0, 10).Select(i => new Post
        {
            Platform = i % 3 == 0 ? Platform.Mastodon : Platform.Sandbox, Content = $"p{i}", CreatedAt = Start,
        }.PublishedAt(Start.Add(shift).AddHours(i * 7 + random.Next(0, 60) / 60.0))).ToList();
        var snapshots = new List<PostMetricSnapshot>();
        foreach (var post in posts)
        {
            long likes = 0;
            foreach (var minutes in Enumerable.Range(0, random.Next(2, 14)).Select(_ => random.Next(1, 12 * 24 * 60)).Distinct().Order())
            {
                // Mostly growth; now and then a platform takes some back (spam removed): a correction.
                likes = Math.Max(0, likes + random.Next(-15, 40));
                snapshots.Add(new PostMetricSnapshot
                {
                    Post = post, TakenAt = post.PublishedAt!.Value.AddMinutes(minutes), Likes = likes, Comments = random.Next(0, 5), Clicks = random.Next(0, 3),
                    Impressions = 100 + likes * 10,
                });
            }
        }

        // The snapshots arrive in random batches, so many arrive after a newer one of their post (late).
        var queue = new Queue<PostMetricSnapshot>(snapshots.OrderBy(_ => random.Next()));
        while (queue.Count > 0)
        {
            await using var db = await Contexts.CreateDbContextAsync();
            foreach (var s in Enumerable.Range(0, Math.Min(queue.Count, random.Next(1, 6))).Select(_ => queue.Dequeue()))
            {
                db.PostMetricSnapshots.Add(s.Post!.Id == 0 ? s : Copy(s));
            }

            await db.SaveChangesAsync();
        }

        await AssertRollupsAreRecomputedAsync();
        var analytics = _app.Services.GetRequiredService<AnalyticsService>();
        foreach (var zone in new[] { "Europe/Berlin", "Etc/UTC", "Asia/Kolkata", "America/St_Johns" })
        {
            foreach (var (first, last) in new[] { (new DateOnly(2026, 3, 20), new DateOnly(2026, 4, 2)), (new DateOnly(2026, 3, 24), new DateOnly(2026, 3, 29)) })
            {
                DateOnly from = first.AddDays(shift.Days), to = last.AddDays(shift.Days);
                var period = new AnalyticsPeriod(from, to, TimeZoneInfo.FindSystemTimeZoneById(zone));
                var dashboard = await analytics.DashboardAsync(period);
                var engaged = EngagedByHand(snapshots, period);
                Assert.Equal(engaged.Values.Sum(), dashboard.Engaged);
                Assert.Equal(
                    Enumerable.Range(0, period.Days).Select(d => from.AddDays(d)).Select(d => engaged.Where(e => e.Key.Day == d).Sum(e => e.Value)),
                    dashboard.Daily.Select(d => d.Engaged));
                Assert.Subset(dashboard.Platforms.Select(p => p.Platform).ToHashSet(), engaged.Keys.Select(k => k.Platform).ToHashSet());
                foreach (var platform in dashboard.Platforms)
                {
                    Assert.Equal(engaged.Where(e => e.Key.Platform == platform.Platform).Sum(e => e.Value), platform.Engaged);
                }

                var atSeven = AtSevenDaysByHand(snapshots, period);
                Assert.Equal((atSeven.Count, AtSevenDays.PerPost(atSeven)), (dashboard.PostsAt7Days, dashboard.EngagementsPerPostAt7Days));
            }
        }
    }

    [Fact]
    public async Task ALateSnapshotAndACorrectionMoveTheGrowthToTheirHours()
    {
        var published = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var post = new Post { Platform = Platform.Sandbox, Content = "x", CreatedAt = published }.PublishedAt(published);
        await SaveAsync(new PostMetricSnapshot { Post = post, TakenAt = published.AddHours(2), Likes = 10 });
        await SaveAsync(new PostMetricSnapshot { PostId = post.Id, TakenAt = published.AddHours(4), Likes = 30 });
        // Late: taken between the two above, stored after them.
        await SaveAsync(new PostMetricSnapshot { PostId = post.Id, TakenAt = published.AddHours(3), Likes = 25 });
        // A correction: the platform removed 10 likes.
        await SaveAsync(new PostMetricSnapshot { PostId = post.Id, TakenAt = published.AddHours(5), Likes = 20 });
        // Late and across midnight of the next day, after publishing by more than 7 days.
        await SaveAsync(new PostMetricSnapshot { PostId = post.Id, TakenAt = published.AddDays(8), Likes = 26 });
        await SaveAsync(new PostMetricSnapshot { PostId = post.Id, TakenAt = published.AddDays(6), Likes = 22 });

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var days = await db.PostMetricDays.AsNoTracking().Where(d => d.PostId == post.Id).OrderBy(d => d.Day).ToListAsync();
            Assert.Equal([new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 7), new DateOnly(2026, 5, 9)], days.Select(d => d.Day));
            Assert.Equal((10L, 15L, 5L, -10L), (days[0].H12, days[0].H13, days[0].H14, days[0].H15));
            Assert.Equal(20, days[0].Hours().Sum());
            Assert.Equal(2, days[1].H10);
            Assert.Equal(4, days[2].H10);
            var total = await db.PostMetricTotals.AsNoTracking().SingleAsync(t => t.PostId == post.Id);
            Assert.Equal((true, published.AddDays(6), 22L), (total.ReachedSevenDays, total.SevenDaysTakenAt, total.SevenDaysEngagements));
        }

        var dashboard = await _app.Services.GetRequiredService<AnalyticsService>()
            .DashboardAsync(new AnalyticsPeriod(new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 10), TimeZoneInfo.Utc));
        Assert.Equal(26, dashboard.Engaged);
        Assert.Equal([20L, 0, 0, 0, 0, 0, 2, 0, 4, 0], dashboard.Daily.Select(d => d.Engaged));
        Assert.Equal((1, 22.0), (dashboard.PostsAt7Days, dashboard.EngagementsPerPostAt7Days));
        await AssertRollupsAreRecomputedAsync();
    }

    [Fact]
    public async Task PostsOfOneAccountSavedAtOnceAllCountInTheAccountsDay()
    {
        var published = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var posts = Enumerable.Range(0, 8).Select(i => new Post { Platform = Platform.Bluesky, Content = $"c{i}", CreatedAt = published }.PublishedAt(published)).ToList();
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.Posts.AddRange(posts);
            await db.SaveChangesAsync();
        }

        // Every post's snapshots are saved by a writer of its own, all at once, all in the same hour of the same account.
        await Task.WhenAll(posts.Select(post => Task.Run(async () =>
        {
            for (var i = 1; i <= 10; i++)
            {
                await SaveAsync(new PostMetricSnapshot { PostId = post.Id, TakenAt = published.AddHours(1).AddMinutes(i), Likes = i * 3 });
            }
        })));

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var day = await db.AccountMetricDays.AsNoTracking().SingleAsync(d => d.Day == new DateOnly(2026, 6, 1) && d.Platform == Platform.Bluesky);
            Assert.Equal(8 * 30, day.H09);
            Assert.Equal(8 * 30, day.Hours().Sum());
        }

        await AssertRollupsAreRecomputedAsync();
    }

    [Fact]
    public async Task TheRepairJobRebuildsHoursThatDrifted()
    {
        var published = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var post = new Post { Platform = Platform.Sandbox, Content = "x", CreatedAt = published }.PublishedAt(published);
        await SaveAsync(new PostMetricSnapshot { Post = post, TakenAt = published.AddHours(2), Likes = 10 });
        await SaveAsync(new PostMetricSnapshot { PostId = post.Id, TakenAt = published.AddDays(2), Likes = 15 });
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            // Written around the app: one hour changed, one day lost, one day with no snapshot behind it.
            await db.PostMetricDays.Where(d => d.PostId == post.Id && d.Day == new DateOnly(2026, 5, 1)).ExecuteUpdateAsync(u => u.SetProperty(d => d.H12, 99));
            await db.PostMetricDays.Where(d => d.PostId == post.Id && d.Day == new DateOnly(2026, 5, 3)).ExecuteDeleteAsync();
            db.PostMetricDays.Add(new PostMetricDay { PostId = post.Id, Day = new DateOnly(2026, 5, 2), H01 = 3 });
            // And the account's days: one hour changed, one day lost, one day no post has.
            await db.AccountMetricDays.Where(d => d.Day == new DateOnly(2026, 5, 1)).ExecuteUpdateAsync(u => u.SetProperty(d => d.H12, 50));
            await db.AccountMetricDays.Where(d => d.Day == new DateOnly(2026, 5, 3)).ExecuteDeleteAsync();
            db.AccountMetricDays.Add(new AccountMetricDay { Day = new DateOnly(2026, 5, 4), Platform = Platform.Sandbox, H02 = 7 });
            await db.SaveChangesAsync();
        }

        Assert.Equal(6, await ActivatorUtilities.CreateInstance<RollupRepairJob>(_app.Services).RepairAsync());
        await AssertRollupsAreRecomputedAsync();
    }

    [Fact]
    public async Task TheMigrationFillsTheRollupsFromTheSnapshotsAlreadyStored()
    {
        using var directory = new TempDirectory();
        var server = postgres ? new PostgresDatabase() : null;
        if (server is not null)
        {
            await server.InitializeAsync();
        }

        try
        {
            await MigrateAndCheckAsync(server is null
                ? new DatabaseOptions { Provider = "Sqlite", DataDirectory = directory.Path }
                : new DatabaseOptions { Provider = "Postgres", ConnectionString = server.ConnectionString });
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static async Task MigrateAndCheckAsync(DatabaseOptions options)
    {
        var (provider, contextOptions) = SocialOpsDbContextFactory.Build(options);
        var published = new DateTimeOffset(2026, 5, 1, 22, 30, 0, TimeSpan.Zero);
        var snapshots = new (int Hours, long Likes)[] { (1, 10), (3, 25), (5, 20), (7 * 24, 30), (7 * 24 + 1, 31) };
        await using (var db = SocialOpsDbContextFactory.Create(provider, contextOptions))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var added = migrations.FindIndex(m => m.EndsWith("_RollupHoursAndSevenDays", StringComparison.Ordinal));
            Assert.True(added > 0, "the migration exists");
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[added - 1]);

            // Stored before the roll-up existed (this context has no roll-up interceptor): posts, snapshots and their old totals.
            var post = new Post { Platform = Platform.Sandbox, Content = "old", CreatedAt = published }.PublishedAt(published);
            var young = new Post { Platform = Platform.Mastodon, Content = "young", CreatedAt = published }.PublishedAt(published.AddDays(3));
            var silent = new Post { Platform = Platform.Sandbox, Content = "no counts", CreatedAt = published }.PublishedAt(published);
            db.Posts.AddRange(post, young, silent);
            db.PostMetricSnapshots.AddRange(snapshots.Select(s => new PostMetricSnapshot { Post = post, TakenAt = published.AddHours(s.Hours), Likes = s.Likes, Impressions = 100 }));
            db.PostMetricSnapshots.Add(new PostMetricSnapshot { Post = young, TakenAt = published.AddDays(4), Likes = 3, Shares = 1 });
            await db.SaveChangesAsync();
            foreach (var (id, takenAt, likes, shares) in new[] { (post.Id, published.AddHours(7 * 24 + 1), 31L, 0L), (young.Id, published.AddDays(4), 3L, 1L) })
            {
                // Raw SQL passes the instant as each engine stores it: UTC ticks in SQLite.
                object at = options.Provider == "Sqlite" ? takenAt.UtcTicks : takenAt;
                await db.Database.ExecuteSqlAsync(
                    $"""INSERT INTO "PostMetricTotals" ("PostId", "TakenAt", "Likes", "Comments", "Shares", "Saves", "Clicks", "Impressions", "Reach") VALUES ({id}, {at}, {likes}, 0, {shares}, 0, 0, 100, 0)""");
            }

            await migrator.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = SocialOpsDbContextFactory.Create(provider, contextOptions))
        {
            var days = await db.PostMetricDays.AsNoTracking().OrderBy(d => d.PostId).ThenBy(d => d.Day).ToListAsync();
            var expected = await RollupRepairJob.RecomputeDaysAsync(db, 0, int.MaxValue, default);
            Assert.Equal(expected.Keys.OrderBy(k => k.PostId).ThenBy(k => k.Day), days.Select(d => (d.PostId, d.Day)));
            Assert.All(days, d => Assert.Equal(expected[(d.PostId, d.Day)], d.Hours()));
            // Over all time the growth adds up to the newest count; each step lands on its UTC hour (22:30 + 3 h is 01:30 the next day).
            Assert.Equal(31, days.Where(d => d.PostId == days[0].PostId).Sum(d => d.Hours().Sum()));
            Assert.Equal((10L, 15L, -5L), (days[0].H23, days[1].H01, days[1].H03));

            var totals = await db.PostMetricTotals.AsNoTracking().ToDictionaryAsync(t => t.PostId);
            var want = await RollupRepairJob.RecomputeTotalsAsync(db, 0, int.MaxValue, default);
            Assert.Equal(want.Keys.Order(), totals.Keys.Order());
            Assert.All(totals.Values, t => Assert.True(t.SameSevenDays(want[t.PostId]), $"post {t.PostId}: {(t.ReachedSevenDays, t.SevenDaysTakenAt, t.SevenDaysEngagements)}"));
            Assert.Contains(totals.Values, t => t is { ReachedSevenDays: true, SevenDaysEngagements: 30 });
            Assert.Contains(totals.Values, t => t is { ReachedSevenDays: false, SevenDaysEngagements: 4 });
            await AssertAccountDaysAreTheirPostsSumsAsync(db);
            Assert.NotEmpty(await db.AccountMetricDays.ToListAsync());
        }

    }

    private async Task AssertRollupsAreRecomputedAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var expected = await RollupRepairJob.RecomputeDaysAsync(db, 0, int.MaxValue, default);
        var stored = await db.PostMetricDays.AsNoTracking().ToListAsync();
        Assert.Equal(expected.Count, stored.Count);
        Assert.All(stored, d => Assert.Equal(expected[(d.PostId, d.Day)], d.Hours()));
        var totals = await RollupRepairJob.RecomputeTotalsAsync(db, 0, int.MaxValue, default);
        Assert.All(await db.PostMetricTotals.AsNoTracking().ToListAsync(), t => Assert.True(t.SameSevenDays(totals[t.PostId])));
        await AssertAccountDaysAreTheirPostsSumsAsync(db);
        Assert.Equal(0, await ActivatorUtilities.CreateInstance<RollupRepairJob>(_app.Services).RepairAsync());
    }

    /// <summary>Each account's day holds the sum of its posts' days, and there is a row exactly where a post of the account has a day.</summary>
    private static async Task AssertAccountDaysAreTheirPostsSumsAsync(SocialOpsDbContext db)
    {
        var posts = await (from d in db.PostMetricDays.AsNoTracking()
                           join p in db.Posts on d.PostId equals p.Id
                           select new { Row = d, p.Platform, p.AccountId }).ToListAsync();
        var expected = posts.GroupBy(d => (d.Row.Day, d.Platform, AccountId: d.AccountId ?? 0))
            .ToDictionary(g => g.Key, g => Enumerable.Range(0, 24).Select(h => g.Sum(d => d.Row.Hours()[h])).ToArray());
        var stored = await db.AccountMetricDays.AsNoTracking().ToListAsync();
        Assert.Equal(expected.Keys.Order(), stored.Select(a => (a.Day, a.Platform, a.AccountId)).Order());
        Assert.All(stored, a => Assert.Equal(expected[(a.Day, a.Platform, a.AccountId)], a.Hours()));
    }

    private async Task SaveAsync(PostMetricSnapshot snapshot)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        db.PostMetricSnapshots.Add(snapshot);
        await db.SaveChangesAsync();
    }

    private static PostMetricSnapshot Copy(PostMetricSnapshot s) => new()
    {
        PostId = s.Post!.Id, TakenAt = s.TakenAt, Likes = s.Likes, Comments = s.Comments, Shares = s.Shares, Saves = s.Saves, Clicks = s.Clicks,
        Impressions = s.Impressions, Reach = s.Reach,
    };

    /// <summary>The definition, by hand: each snapshot in the period adds its growth since its post's previous snapshot, on its local day.</summary>
    private static Dictionary<(Platform Platform, DateOnly Day), long> EngagedByHand(List<PostMetricSnapshot> snapshots, AnalyticsPeriod period)
    {
        var result = new Dictionary<(Platform, DateOnly), long>();
        foreach (var post in snapshots.GroupBy(s => s.Post!))
        {
            long previous = 0;
            foreach (var s in post.OrderBy(s => s.TakenAt))
            {
                if (s.TakenAt >= period.StartUtc && s.TakenAt < period.EndUtc)
                {
                    var key = (post.Key.Platform, period.LocalDay(s.TakenAt));
                    result[key] = result.GetValueOrDefault(key) + s.Engagements - previous;
                }

                previous = s.Engagements;
            }
        }

        return result;
    }

    /// <summary>Per post published in the period that has a snapshot 7 days or more after publishing: its newest engagements no later than 7 days.</summary>
    private static List<long> AtSevenDaysByHand(List<PostMetricSnapshot> snapshots, AnalyticsPeriod period) =>
    [
        .. snapshots.GroupBy(s => s.Post!)
            .Where(g => g.Key.PublishedAt >= period.StartUtc && g.Key.PublishedAt < period.EndUtc && g.Max(s => s.TakenAt) >= g.Key.PublishedAt + AtSevenDays.Age)
            .Select(g => g.Where(s => s.TakenAt <= g.Key.PublishedAt + AtSevenDays.Age).MaxBy(s => s.TakenAt)?.Engagements ?? 0),
    ];

    public void Dispose() => _app.Dispose();
}
