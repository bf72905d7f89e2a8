using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SocialOps.Core.Data;

/// <summary>Applies pending migrations for the configured provider (start-up and the <c>migrate</c> verb).</summary>
public sealed partial class DatabaseMigrator(
    IDbContextFactory<SocialOpsDbContext> contexts,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger)
{
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            // Instances started together take turns: the first applies what is pending, the others wait and find nothing
            // left to do. On PostgreSQL a session advisory lock does it (EF Core's own lock does not cover the provider);
            // a SQLite file belongs to one instance, and EF Core's lock table covers a second process on it.
            await using var turn = settings.ParsedProvider == DatabaseProvider.Postgres
                ? await PostgresMigrationLock.TakeAsync(settings.ConnectionString!, cancellationToken)
                : null;
            await RefuseNewerDatabaseAsync(db, cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            if (settings.ParsedProvider == DatabaseProvider.Sqlite)
            {
                // WAL lets readers (dashboards) run while the scheduler writes, and makes each commit one append and one sync
                // instead of a rollback journal's several (the mode is kept in the file; the scheduler's own file sets it too).
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            LogMigrated(logger, pending.Count, settings.ParsedProvider);
            return pending.Count;
        }
        catch (Exception ex) when (ex is DbException or SocketException or TimeoutException or NpgsqlException)
        {
            throw new StartupException(Describe(settings, ex), ex);
        }
    }

    /// <summary>
    /// Refuses to run against a database that a newer SocialOps has migrated: older code would read and write a schema
    /// it does not know. Called before migrating, and on its own when migrations at start-up are turned off.
    /// </summary>
    public async Task EnsureNotNewerAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            await RefuseNewerDatabaseAsync(db, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or SocketException or TimeoutException or NpgsqlException)
        {
            throw new StartupException(Describe(options.Value, ex), ex);
        }
    }

    private static async Task RefuseNewerDatabaseAsync(SocialOpsDbContext db, CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(m => !known.Contains(m)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new StartupException(
                $"The database was upgraded by a newer version of SocialOps (it has migration {unknown[^1]}{(unknown.Count > 1 ? $" and {unknown.Count - 1} more" : "")} that this version does not know): run that version or a later one.");
        }
    }

    private static string Describe(DatabaseOptions settings, Exception ex)
    {
        var reason = ex.InnerException is SocketException socket ? socket.Message : ex.Message;
        reason = reason.ReplaceLineEndings(" ");
        if (settings.ParsedProvider != DatabaseProvider.Postgres)
        {
            return $"The SQLite database from Data:Directory '{settings.DataDirectory}' could not be opened: {reason}";
        }

        var cs = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        return $"PostgreSQL from ConnectionStrings:SocialOps (Host={cs.Host};Port={cs.Port};Database={cs.Database}) could not be used: {reason}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: {Count} migration(s) applied on {Provider}")]
    private static partial void LogMigrated(ILogger logger, int count, DatabaseProvider provider);

    /// <summary>A PostgreSQL session lock held on its own unpooled connection for as long as migrations run.</summary>
    private sealed class PostgresMigrationLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        // An arbitrary constant that names "SocialOps migrations" among the database's advisory locks.
        private const long Key = 0x536F_6369_616C_4F70;
        private static readonly TimeSpan Wait = TimeSpan.FromMinutes(10);

        public static async Task<PostgresMigrationLock> TakeAsync(string connectionString, CancellationToken cancellationToken)
        {
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                // Another instance may be migrating (and building its model first, slow on a busy machine): wait for it.
                await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = (int)Wait.TotalSeconds };
                command.Parameters.AddWithValue("key", Key);
                await command.ExecuteNonQueryAsync(cancellationToken);
                return new PostgresMigrationLock(connection);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        // Closing the unpooled connection ends the session, and the lock with it.
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
