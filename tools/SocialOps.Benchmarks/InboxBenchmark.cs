using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialOps.Core;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;

namespace SocialOps.Benchmarks;

/// <summary>Fills a fresh database with analysed comments (100,000 at scale 1) and times the inbox's queries.</summary>
internal static class InboxBenchmark
{
    public static async Task<int> RunAsync(double scale, string? postgres, TextWriter output)
    {
        var directory = postgres is null ? Directory.CreateTempSubdirectory("socialops-inbox-").FullName : null;
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
        if (postgres is not null)
        {
            // Empty, and there before the migrator takes its lock in it.
            await SchedulerBenchmark.RecreatePostgresDatabaseAsync(postgres);
        }

        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var count = (int)(100_000 * scale);
        var fill = Stopwatch.StartNew();
        await FillAsync(contexts, count);
        if (postgres is not null)
        {
            // What autovacuum does soon after a fill this size: statistics and a visibility map for the planner.
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }
        output.WriteLine($"{(postgres is null ? "SQLite" : "PostgreSQL")}: {count:N0} analysed comments; filled in {fill.Elapsed.TotalSeconds:F0} s");

        var queries = host.Services.GetRequiredService<InboxQueries>();
        var cases = new (string Name, Func<Task> Run)[]
        {
            ("open queue, first page of 50", () => queries.SearchAsync(new InboxFilter(State: HandledState.Open))),
            ("everything, first page", () => queries.SearchAsync(new InboxFilter())),
            ("everything, page 1,000", () => queries.SearchAsync(new InboxFilter(), page: 1000)),
            ("negative complaints on X", () => queries.SearchAsync(new InboxFilter(Platform: Platform.X, Sentiment: SentimentLabel.Negative, Intent: Intent.Complaint))),
            ("free-text search", () => queries.SearchAsync(new InboxFilter(Query: "refund"))),
            ("counts for every filter (open)", () => queries.CountsAsync(new InboxFilter(State: HandledState.Open))),
            ("needs a reply (navigation badge)", () => queries.NeedsReplyAsync()),
        };
        output.WriteLine("| query | median | p95 |");
        output.WriteLine("| --- | --- | --- |");
        foreach (var (name, run) in cases)
        {
            await run();
            var times = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var watch = Stopwatch.StartNew();
                await run();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            output.WriteLine($"| {name} | {times[times.Count / 2]:F1} ms | {times[(int)(times.Count * 0.95)]:F1} ms |");
        }

        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    private static async Task FillAsync(IDbContextFactory<SocialOpsDbContext> contexts, int count)
    {
        var random = new Random(13);
        var words = new[] { "late", "refund", "lovely", "broken", "price", "decaf", "beans", "order", "thanks", "shipping", "taste", "bag" };
        var intents = Enum.GetValues<Intent>();
        var platforms = new[] { Platform.Mastodon, Platform.Bluesky, Platform.X, Platform.Instagram, Platform.Facebook, Platform.LinkedIn };
        var start = TimeProvider.System.GetUtcNow().AddDays(-365);
        for (var done = 0; done < count; done += 5_000)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(count, done + 5_000); i++)
            {
                var intent = intents[random.Next(intents.Length)];
                var at = start.AddSeconds(random.Next(365 * 24 * 3600));
                var label = (SentimentLabel)random.Next(3);
                var comment = new Interaction
                {
                    Platform = platforms[random.Next(platforms.Length)], ExternalId = $"bench-{i}", AuthorName = $"Person {random.Next(5_000)}",
                    Text = string.Join(' ', Enumerable.Range(0, 12).Select(_ => words[random.Next(words.Length)])), ReceivedAt = at,
                };
                comment.Read(new SentimentAnalysis(label, random.NextDouble() * 2 - 1, random.NextDouble(), intent, [],
                    IntentDetector.RequiresResponse(intent), IntentDetector.Priority(intent), null, false, ModelVersion: "bench"), "bench", at, announce: false);
                if (random.Next(10) != 0)
                {
                    comment.Handle((HandledState)random.Next(1, 4), null, null, at);
                }

                db.Interactions.Add(comment);
            }

            await db.SaveChangesAsync();
        }
    }
}
