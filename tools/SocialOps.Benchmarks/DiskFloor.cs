using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SocialOps.Benchmarks;

/// <summary>
/// The floor under a burst: how many durable commits a second this machine's disk (or PostgreSQL server) makes, and
/// how many commits the app made while publishing. A burst can go no faster than commits × (1 / rate).
/// </summary>
internal static class DiskFloor
{
    /// <summary>One-row transactions a second into a fresh SQLite file in the temporary folder, in WAL mode with FULL sync, as the app's file.</summary>
    public static async Task<double> SqliteCommitsPerSecondAsync(TimeSpan duration)
    {
        var directory = Directory.CreateTempSubdirectory("socialops-disk-").FullName;
        try
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "probe.db")};Pooling=false");
            await connection.OpenAsync();
            await using (var setup = connection.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);";
                await setup.ExecuteNonQueryAsync();
            }

            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (v) VALUES ('commit');";
            return await RateAsync(duration, () => insert.ExecuteNonQueryAsync());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One-row transactions a second on the server, each waiting for its WAL flush (the server's own setting).</summary>
    public static async Task<double> PostgresCommitsPerSecondAsync(string connectionString, TimeSpan duration)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // A regular table (a temporary one is not WAL-logged), dropped afterwards.
        await using (var setup = new Npgsql.NpgsqlCommand("DROP TABLE IF EXISTS bench_disk_probe; CREATE TABLE bench_disk_probe (id bigserial PRIMARY KEY, v text)", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        try
        {
            await using var insert = new Npgsql.NpgsqlCommand("INSERT INTO bench_disk_probe (v) VALUES ('commit')", connection);
            return await RateAsync(duration, () => insert.ExecuteNonQueryAsync());
        }
        finally
        {
            await using var drop = new Npgsql.NpgsqlCommand("DROP TABLE bench_disk_probe", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<double> RateAsync(TimeSpan duration, Func<Task<int>> commit)
    {
        for (var i = 0; i < 50; i++)
        {
            await commit(); // warm-up
        }

        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < duration)
        {
            await commit();
            count++;
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Counts the commits EF Core makes in this process (transactions committed, and writes run outside one, which
    /// commit on their own). The scheduler's store commits through Quartz, not EF Core, and is not in the count.
    /// </summary>
    public sealed class EfCommitCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private long _commits;

        public EfCommitCounter() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public long Commits => Interlocked.Read(ref _commits);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.EntityFrameworkCore")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            switch (value.Value)
            {
                case Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData when value.Key.EndsWith("TransactionCommitted", StringComparison.Ordinal):
                    Interlocked.Increment(ref _commits);
                    break;
                case Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData e when value.Key.EndsWith("CommandExecuted", StringComparison.Ordinal)
                    && e.Command.Transaction is null && IsWrite(e.Command.CommandText):
                    Interlocked.Increment(ref _commits);
                    break;
            }
        }

        private static bool IsWrite(string sql)
        {
            var text = sql.TrimStart();
            return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase);
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
