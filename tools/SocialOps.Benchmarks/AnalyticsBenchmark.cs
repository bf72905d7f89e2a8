using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialOps.Core;
using SocialOps.Core.Analytics;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment;

namespace SocialOps.Benchmarks;

/// <summary>
/// Fills a fresh database with two years of activity (at full scale 20,000 posts, 1,000,000 metric snapshots,
/// 200,000 analysed comments, daily follower counts for six accounts), then times the dashboard query and the export.
/// </summary>
internal static class AnalyticsBenchmark
{
    /// <summary>
    /// With <paramref name="reuse"/> the filled database is kept (SQLite: in a fixed folder under the temp folder) and
    /// used again when it already holds the same data, to time changed code on the same rows.
    /// </summary>
    public static async Task<int> RunAsync(double scale, string? postgres, bool reuse, TextWriter output)
    {
        var directory = postgres is not null ? null
            : reuse ? Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"socialops-analytics-{scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}")).FullName
            : Directory.CreateTempSubdirectory("socialops-analytics-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Data:Directory"] = directory ?? "./data",
            ["Database:Provider"] = postgres is null ? "Sqlite" : "Postgres",
            ["ConnectionStrings:SocialOps"] = postgres,
            ["Scheduling:Enabled"] = "false",
        });
        builder.Logging.ClearProviders();
        builder.AddSocialOpsCore();
        using var host = builder.Build();
        var contexts = host.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        int posts = (int)(20_000 * scale), snapshotsPerPost = 50, comments = (int)(200_000 * scale);
        var migrator = host.Services.GetRequiredService<DatabaseMigrator>();
        var filledOn = reuse ? await FilledOnAsync(contexts, migrator, posts) : null;
        if (filledOn is null)
        {
            if (postgres is not null)
            {
                // Empty, and there before the migrator takes its lock in it.
                await SchedulerBenchmark.RecreatePostgresDatabaseAsync(postgres);
            }
            else
            {
                await using var db = await contexts.CreateDbContextAsync();
                await db.Database.EnsureDeletedAsync();
            }

            await migrator.MigrateAsync();
            var fill = Stopwatch.StartNew();
            await FillAsync(contexts, today, posts, snapshotsPerPost, comments);
            output.WriteLine($"{(postgres is null ? "SQLite" : "PostgreSQL")}: {posts:N0} posts, {posts * snapshotsPerPost:N0} snapshots, {comments:N0} comments, 2 years of followers; filled in {fill.Elapsed.TotalSeconds:F0} s");
        }
        else
        {
            // The periods end on the day the data ends, so a kept database measures the same rows on a later day.
            today = filledOn.Value;
            output.WriteLine($"{(postgres is null ? "SQLite" : "PostgreSQL")}: {posts:N0} posts, {posts * snapshotsPerPost:N0} snapshots, {comments:N0} comments, 2 years of followers; kept from an earlier run (data up to {today:yyyy-MM-dd})");
        }

        var analytics = host.Services.GetRequiredService<AnalyticsService>();
        foreach (var days in new[] { 30, 90, 365 })
        {
            var period = new AnalyticsPeriod(today.AddDays(1 - days), today, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
            await analytics.DashboardAsync(period);
            var times = new List<double>();
            var cpu = Environment.CpuUsage.TotalTime;
            for (var i = 0; i < 30; i++)
            {
                var watch = Stopwatch.StartNew();
                await analytics.DashboardAsync(period);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            // CPU time of this process (with SQLite: the queries too) stays comparable when other processes share the cores.
            var cpuPerRun = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds / times.Count;
            times.Sort();
            output.WriteLine($"  dashboard {days,3} days: p50 {times[times.Count / 2],6:F1} ms, p95 {times[(int)(times.Count * 0.95)],6:F1} ms (30 runs); CPU {cpuPerRun,6:F1} ms per run in this process");
        }

        var all = new AnalyticsPeriod(today.AddDays(-730), today, TimeZoneInfo.Utc);
        var exported = 0;
        var export = Stopwatch.StartNew();
        await foreach (var _ in analytics.ExportAsync(all))
        {
            exported++;
        }

        output.WriteLine($"  export: {exported:N0} rows in {export.Elapsed.TotalMilliseconds:F0} ms = {exported / export.Elapsed.TotalSeconds:N0} rows/s");
        if (directory is not null && !reuse)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    /// <summary>
    /// The last day of the data when the database holds a complete earlier fill of the same size (brought up to date
    /// with the migrations added since, as an installed app's would be); otherwise null.
    /// </summary>
    private static async Task<DateOnly?> FilledOnAsync(IDbContextFactory<SocialOpsDbContext> contexts, DatabaseMigrator migrator, int posts)
    {
        await using (var probe = await contexts.CreateDbContextAsync())
        {
            // A PostgreSQL database not made yet is filled like a new one (the caller makes it).
            if (probe.Database.IsNpgsql() && !await probe.Database.CanConnectAsync())
            {
                return null;
            }
        }

        await migrator.MigrateAsync();
        await using var db = await contexts.CreateDbContextAsync();
        if (await db.Posts.CountAsync() != posts || !await db.Interactions.AnyAsync(i => i.ExternalId == "bench-0"))
        {
            return null;
        }

        return await db.FollowerSnapshots.MaxAsync(f => f.Day);
    }

    private static async Task FillAsync(IDbContextFactory<SocialOpsDbContext> contexts, DateOnly today, int posts, int snapshotsPerPost, int comments)
    {
        var random = new Random(7);
        var start = new DateTimeOffset(today.AddDays(-730).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        List<PlatformAccount> accounts;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            accounts = [.. new[] { Platform.Mastodon, Platform.Bluesky, Platform.Instagram, Platform.Facebook, Platform.LinkedIn, Platform.X }
                .Select(p => new PlatformAccount { Platform = p, DisplayName = p.ToString(), ExternalId = "bench-" + p, TimeZone = "Europe/Berlin", CreatedAt = start })];
            db.PlatformAccounts.AddRange(accounts);
            foreach (var account in accounts)
            {
                for (var d = 0; d <= 730; d++)
                {
                    db.FollowerSnapshots.Add(new FollowerSnapshot { Account = account, Day = today.AddDays(d - 730), Followers = 5_000 + d * 3, TakenAt = start.AddDays(d) });
                }
            }

            await db.SaveChangesAsync();
        }

        for (var batch = 0; batch < posts; batch += 500)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = batch; i < Math.Min(posts, batch + 500); i++)
            {
                var account = accounts[i % accounts.Count];
                var at = start.AddMinutes(random.Next(0, 730 * 24 * 60));
                var post = new Post
                {
                    Platform = account.Platform, AccountId = account.Id, Content = $"Benchmark post {i} #coffee", Hashtags = ["coffee"], CreatedAt = at,
                };
                post.ScheduleAt(at, needsApproval: false, at);
                post.Claim(new PublishAttempt { AttemptNumber = 1, Outcome = PublishOutcome.Succeeded, IdempotencyKey = $"bench-{i}", StartedAt = at, CompletedAt = at }, at);
                post.MarkPublished(null, $"https://example.social/{i}", at, null, at);
                db.Posts.Add(post);
                for (var k = 1; k <= snapshotsPerPost; k++)
                {
                    db.PostMetricSnapshots.Add(new PostMetricSnapshot
                    {
                        Post = post, TakenAt = at.AddHours(k * 3), Likes = k * 4, Comments = k, Shares = k / 2, Clicks = k, Impressions = k * 100, Reach = k * 70,
                    });
                }
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        for (var batch = 0; batch < comments; batch += 5_000)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = batch; i < Math.Min(comments, batch + 5_000); i++)
            {
                var account = accounts[i % accounts.Count];
                var at = start.AddMinutes(random.Next(0, 730 * 24 * 60));
                var label = (SentimentLabel)(i % 3);
                db.Interactions.Add(new Interaction
                {
                    Platform = account.Platform, AccountId = account.Id, Kind = InteractionKind.Comment, ExternalId = $"bench-{i}", AuthorName = "A", Text = "Nice",
                    ReceivedAt = at,
                    Sentiment = new SentimentResult { Label = label, Score = label switch { SentimentLabel.Positive => 0.8, SentimentLabel.Negative => -0.7, _ => 0 }, ModelVersion = "bench", AnalyzedAt = at },
                });
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }
    }
}
