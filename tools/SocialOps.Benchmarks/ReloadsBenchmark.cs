using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialOps.Core;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Workflow;

namespace SocialOps.Benchmarks;

/// <summary>
/// How many reloads a burst of changes costs an open page: a 500-row CSV import (one commit, 500 new posts) and the
/// scheduler publishing 500 posts due at one instant (a claim and an outcome each). Each page subscribes as the live
/// pages do: one subscription, throttled at the pages' interval, that re-reads what the page shows. "A reload per event"
/// is what the drafts, review and queue pages and the inbox badge did before the bus throttled (every event reloaded).
/// </summary>
public static class ReloadsBenchmark
{
    private static readonly TimeSpan PageInterval = TimeSpan.FromMilliseconds(500); // LiveUpdates.Page in the web app

    public static async Task<int> RunAsync(int rounds, TextWriter output)
    {
        output.WriteLine($"Reloads per burst, {rounds} rounds (median, min–max); each page re-reads what it shows.");
        output.WriteLine("| burst | events | a reload per event (before) | a list page (drafts) | the calendar | burst took |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (name, burst) in new (string, Func<IHost, Task>)[] { ("500-row CSV import", ImportAsync), ("500 posts published at one instant", PublishAsync) })
        {
            var results = new List<Counts>();
            for (var round = 0; round < rounds; round++)
            {
                await using var run = await BenchHost.StartAsync();
                results.Add(await MeasureAsync(run.Host, burst));
            }

            output.WriteLine($"| {name} | {Median(results, r => r.Events)} | {Median(results, r => r.Events)} | {Median(results, r => r.ListReloads)} | " +
                $"{Median(results, r => r.CalendarReloads)} | {Median(results, r => (int)r.Took.TotalMilliseconds)} ms |");
        }

        output.WriteLine("Command: dotnet run -c Release --project tools/SocialOps.Benchmarks -- reloads [--rounds 5]");
        return 0;
    }

    private sealed record Counts(int Events, int ListReloads, int CalendarReloads, TimeSpan Took);

    private static async Task<Counts> MeasureAsync(IHost host, Func<IHost, Task> burst)
    {
        var bus = host.Services.GetRequiredService<EventBus>();
        var drafts = host.Services.GetRequiredService<Drafts>();
        var calendar = host.Services.GetRequiredService<CalendarQueries>();
        var (events, list, month) = (0, 0, 0);
        var last = Stopwatch.GetTimestamp();
        using var counter = bus.Subscribe<PostStatusChanged>(batch =>
        {
            Interlocked.Add(ref events, batch.Count);
            Interlocked.Exchange(ref last, Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        });
        using var listPage = bus.Subscribe<PostStatusChanged>(async _ =>
        {
            Interlocked.Increment(ref list);
            await drafts.ListAsync();
        }, PageInterval);
        using var calendarPage = bus.Subscribe(async _ =>
        {
            Interlocked.Increment(ref month);
            var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            await calendar.LoadAsync(new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(today.AddDays(35).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }, PageInterval, typeof(PostStatusChanged), typeof(SeriesChanged));

        var started = Stopwatch.GetTimestamp();
        await burst(host);

        // Quiet for two page intervals after the last event: every trailing reload has run.
        while (Stopwatch.GetElapsedTime(Interlocked.Read(ref last)) < PageInterval * 4)
        {
            await Task.Delay(100);
        }

        return new Counts(events, list, month, Stopwatch.GetElapsedTime(started) - PageInterval * 4);
    }

    private static async Task ImportAsync(IHost host)
    {
        var csv = new StringBuilder("platform,account,content,local_time,time_zone\n");
        var day = TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddDays(3);
        for (var i = 0; i < 500; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"sandbox,,Imported post {i},{day.AddMinutes(i * 10):yyyy-MM-dd HH:mm},Europe/Berlin\n");
        }

        var (check, scheduled, _) = await host.Services.GetRequiredService<BulkImport>().ImportAsync(Encoding.UTF8.GetBytes(csv.ToString()), Actor.System);
        if (scheduled != 500)
        {
            throw new InvalidOperationException($"The import scheduled {scheduled}: {string.Join("; ", check.Errors.Take(3).Select(e => e.Message))}");
        }
    }

    private static async Task PublishAsync(IHost host)
    {
        var at = TimeProvider.System.GetUtcNow().AddSeconds(3);
        var requests = Enumerable.Range(0, 500).Select(i => new ScheduleRequest("sandbox", $"Burst post {i}", at.ToString("O", CultureInfo.InvariantCulture))).ToList();
        var (results, errors) = await host.Services.GetRequiredService<SchedulingService>().BulkScheduleAsync(requests, Actor.System);
        if (results is null)
        {
            throw new InvalidOperationException(string.Join("; ", errors.Take(3).Select(e => $"{e.Key}: {e.Value[0]}")));
        }

        var contexts = host.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync();
            if (await db.Posts.CountAsync(p => p.Status == PostStatus.Published) == 500)
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    private static string Median(List<Counts> results, Func<Counts, int> of)
    {
        var values = results.Select(of).Order().ToList();
        return values.Count == 1 ? $"{values[0]}" : $"{values[values.Count / 2]} ({values[0]}–{values[^1]})";
    }

    /// <summary>The app's Core on a fresh SQLite directory, started (scheduler included) and migrated.</summary>
    private sealed class BenchHost(IHost host, string directory) : IAsyncDisposable
    {
        public IHost Host { get; } = host;

        public static async Task<BenchHost> StartAsync()
        {
            var directory = Directory.CreateTempSubdirectory("socialops-reloads-").FullName;
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Data:Directory"] = directory,
                ["Scheduling:SchedulerName"] = $"reloads-{Guid.NewGuid():N}",
            });
            builder.Logging.ClearProviders();
            builder.Services.AddDataProtection();
            builder.AddSocialOpsCore();
            var host = builder.Build();
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            await host.StartAsync();
            return new BenchHost(host, directory);
        }

        public async ValueTask DisposeAsync()
        {
            await Host.StopAsync();
            Host.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
