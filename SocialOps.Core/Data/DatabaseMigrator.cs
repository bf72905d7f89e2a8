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
}
