using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialOps.Core;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Scheduling;

namespace SocialOps.Benchmarks;

/// <summary>
/// Runs the real scheduler (Quartz persistent store, publish job, Sandbox publisher) in a host of its own on a
/// fresh database and measures how late posts go out and how fast they can be scheduled.
/// </summary>
internal sealed class SchedulerBenchmark(TextWriter output)
{
    public sealed record Settings(string Label, string? Postgres, bool ShareSqliteFile, bool DurableStore = true);

    public async Task<IReadOnlyList<double>> SpreadAsync(Settings settings, int posts, TimeSpan window)
    {
        await using var run = await Run.StartAsync(settings);
        var start = TimeProvider.System.GetUtcNow().AddSeconds(Math.Max(20, posts / 150.0));
        var requests = Enumerable.Range(0, posts)
            .Select(i => Request($"spread {i}", start + window * i / posts))
            .ToList();
        var scheduled = Stopwatch.StartNew();
        await run.ScheduleAsync(requests);
        output.WriteLine($"  [{settings.Label}] scheduled {posts} posts in {scheduled.Elapsed.TotalSeconds:F1} s; first due {start:HH:mm:ss}");
        await run.WaitAllPublishedAsync(posts, start + window + TimeSpan.FromMinutes(2));
        return await run.LatenessSecondsAsync();
    }

    public static async Task<(double Seconds, IReadOnlyList<double> Lateness)> BurstAsync(Settings settings, int posts)
    {
        var (seconds, lateness, _, _) = await CountedBurstAsync(settings, posts);
        return (seconds, lateness);
    }

    /// <summary>
    /// A burst that also reports when it was due and when the last post went out (to cut a system-call trace to the
    /// publishing alone), and on PostgreSQL the writing transactions meanwhile (each takes one transaction id).
    /// </summary>
    public static async Task<(double Seconds, IReadOnlyList<double> Lateness, DateTimeOffset Due, PgCounts? Commits)> CountedBurstAsync(Settings settings, int posts)
    {
        await using var run = await Run.StartAsync(settings);
        var due = TimeProvider.System.GetUtcNow().AddSeconds(Math.Max(30, posts / 100.0));
        await run.ScheduleAsync([.. Enumerable.Range(0, posts).Select(i => Request($"burst {i}", due))]);
        var before = settings.Postgres is null ? null : await Commits(settings.Postgres);
        if (TimeProvider.System.GetUtcNow() >= due)
        {
            // Posts already out before the first count would make the count too small: refuse rather than report it.
            throw new InvalidOperationException($"scheduling {posts} posts took longer than their lead time; run on a less busy machine");
        }

        await run.WaitAllPublishedAsync(posts, due + TimeSpan.FromMinutes(5));
        if (settings.Postgres is not null)
        {
            await Task.Delay(TimeSpan.FromSeconds(2)); // backends report their WAL statistics at most once a second
        }

        var after = settings.Postgres is null ? null : await Commits(settings.Postgres);
        var lateness = await run.LatenessSecondsAsync();
        return (lateness.Max(), lateness, due, after is null ? null : new PgCounts(after.Transactions - before!.Transactions - 1, after.WalSyncs - before.WalSyncs));
    }

    /// <summary>
    /// One host kept running for several bursts, so the first burst after start can be told from warm ones; each
    /// burst reports its time and the commits made meanwhile (PostgreSQL: writing transactions on the server;
    /// SQLite: EF Core's commits in this process).
    /// </summary>
    public sealed class Bursts : IAsyncDisposable
    {
        private readonly Run _run;
        private readonly Settings _settings;
        private int _published;
        private int _round;

        private Bursts(Run run, Settings settings) => (_run, _settings) = (run, settings);

        public static async Task<Bursts> StartAsync(Settings settings) => new(await Run.StartAsync(settings), settings);

        public async Task<(double Seconds, double CommitsPerPost)> BurstAsync(int posts, DiskFloor.EfCommitCounter counter)
        {
            _round++;
            var due = TimeProvider.System.GetUtcNow().AddSeconds(Math.Max(30, posts / 100.0));
            due = due.AddTicks(-(due.Ticks % TimeSpan.TicksPerSecond)); // whole seconds, as the requests write it and the store keeps it
            await _run.ScheduleAsync([.. Enumerable.Range(0, posts).Select(i => Request($"burst {_round}.{i}", due))]);
            var before = _settings.Postgres is null ? null : await Commits(_settings.Postgres);
            var efBefore = counter.Commits;
            if (TimeProvider.System.GetUtcNow() >= due)
            {
                throw new InvalidOperationException($"scheduling {posts} posts took longer than their lead time; run on a less busy machine");
            }

            _published += posts;
            await _run.WaitAllPublishedAsync(_published, due + TimeSpan.FromMinutes(5));
            var efCommits = counter.Commits - efBefore;
            if (_settings.Postgres is not null)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            var after = _settings.Postgres is null ? null : await Commits(_settings.Postgres);
            var lateness = await _run.LatenessSecondsAsync(due);
            var commits = after is null ? efCommits : after.Transactions - before!.Transactions - 1;
            return (lateness.Max(), commits / (double)posts);
        }

        public ValueTask DisposeAsync() => _run.DisposeAsync();
    }

    /// <summary>Writing transactions (each takes one transaction id) and WAL syncs by the whole server.</summary>
    public sealed record PgCounts(long Transactions, long WalSyncs);

    private static async Task<PgCounts> Commits(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint, (SELECT wal_sync FROM pg_stat_wal)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new PgCounts(reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Drops and recreates the named database (the run's own), connected to the server's maintenance database.</summary>
    public static async Task RecreatePostgresDatabaseAsync(string connectionString)
    {
        var name = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new InvalidOperationException("--postgres must name a database of the benchmark's own");
        // Pooled idle connections to the old database would be cut by the drop and handed out broken afterwards.
        Npgsql.NpgsqlConnection.ClearAllPools();
        var maintenance = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var command = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE); CREATE DATABASE {quoted}", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Posts scheduled per second through the scheduling service, one request at a time and 8 at once.</summary>
    public static async Task<(double Sequential, double Concurrent)> ThroughputAsync(Settings settings, int posts)
    {
        await using var run = await Run.StartAsync(settings);
        var due = TimeProvider.System.GetUtcNow().AddDays(1);
        var sequential = Stopwatch.StartNew();
        for (var i = 0; i < posts; i++)
        {
            await run.ScheduleOneAsync(Request($"one {i}", due));
        }

        sequential.Stop();
        var concurrent = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, posts), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await run.ScheduleOneAsync(Request($"many {i}", due)));
        concurrent.Stop();
        return (posts / sequential.Elapsed.TotalSeconds, posts / concurrent.Elapsed.TotalSeconds);
    }

    private static ScheduleRequest Request(string content, DateTimeOffset at) =>
        new("sandbox", content, at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    private sealed class Run : IAsyncDisposable
    {
        private readonly IHost _host;
        private readonly string? _directory;

        private Run(IHost host, string? directory) => (_host, _directory) = (host, directory);

        public static async Task<Run> StartAsync(Settings settings)
        {
            var directory = settings.Postgres is null ? Directory.CreateTempSubdirectory("socialops-bench-").FullName : null;
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Data:Directory"] = directory ?? "./data",
                ["Database:Provider"] = settings.Postgres is null ? "Sqlite" : "Postgres",
                ["ConnectionStrings:SocialOps"] = settings.Postgres,
                ["Scheduling:ShareSqliteFile"] = settings.ShareSqliteFile.ToString(),
                ["Scheduling:DurableSchedulerStore"] = settings.DurableStore.ToString(),
                ["Scheduling:SchedulerName"] = $"bench-{Guid.NewGuid():N}",
            });
            builder.Logging.ClearProviders();
            builder.Services.AddDataProtection(); // connection credentials are encrypted; the run needs keys, not kept ones
            builder.AddSocialOpsCore();
            var host = builder.Build();
            if (settings.Postgres is not null)
            {
                // Empty, but there: the migrator takes its lock in the database before it migrates.
                await RecreatePostgresDatabaseAsync(settings.Postgres);
            }

            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            await host.StartAsync();
            return new Run(host, directory);
        }

        public async Task ScheduleAsync(IReadOnlyList<ScheduleRequest> requests)
        {
            var scheduling = _host.Services.GetRequiredService<SchedulingService>();
            foreach (var chunk in requests.Chunk(SchedulingService.MaxBulk))
            {
                var (results, errors) = await scheduling.BulkScheduleAsync(chunk, Actor.System);
                if (results is null)
                {
                    throw new InvalidOperationException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
                }
            }
        }

        public async Task ScheduleOneAsync(ScheduleRequest request)
        {
            var (result, errors) = await _host.Services.GetRequiredService<SchedulingService>().ScheduleAsync(request, Actor.System);
            if (result is null)
            {
                throw new InvalidOperationException(string.Join("; ", errors.Keys));
            }
        }

        public async Task WaitAllPublishedAsync(int posts, DateTimeOffset deadline)
        {
            var contexts = _host.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();
            while (true)
            {
                await using var db = await contexts.CreateDbContextAsync();
                var pending = await db.Posts.CountAsync(p => p.Status != PostStatus.Published);
                if (pending == 0)
                {
                    var publications = await db.SandboxPublications.CountAsync();
                    if (publications != posts)
                    {
                        throw new InvalidOperationException($"{publications} publications for {posts} posts");
                    }

                    return;
                }

                if (TimeProvider.System.GetUtcNow() > deadline)
                {
                    throw new TimeoutException($"{pending} of {posts} posts not published by {deadline:HH:mm:ss}");
                }

                await Task.Delay(250);
            }
        }

        public async Task<IReadOnlyList<double>> LatenessSecondsAsync(DateTimeOffset? due = null)
        {
            await using var db = await _host.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
            var rows = await db.Posts.AsNoTracking().Where(p => due == null || (p.ScheduledFor >= due && p.ScheduledFor < due.Value.AddSeconds(1))).Select(p => new { p.ScheduledFor, p.PublishedAt }).ToListAsync();
            return [.. rows.Select(r => (r.PublishedAt!.Value - r.ScheduledFor!.Value).TotalSeconds).Order()];
        }

        public async ValueTask DisposeAsync()
        {
            await _host.StopAsync();
            _host.Dispose();
            if (_directory is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(_directory, recursive: true);
            }
        }
    }
}
