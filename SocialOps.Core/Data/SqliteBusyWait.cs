using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SocialOps.Core.Data;

/// <summary>
/// Lets SQLite itself wait for the write lock. Without a busy timeout on the connection, a writer that finds the
/// database locked is retried by the ADO.NET provider after a sleep of its own, long against a commit that takes a
/// millisecond; SQLite's busy handler polls in steps of a few milliseconds instead. Concurrent writers (the publish
/// workers, ingestion, the UI) then queue for the lock rather than sleeping past it. BENCHMARKS.md has the effect.
/// </summary>
internal sealed class SqliteBusyWait(TimeSpan timeout) : DbConnectionInterceptor
{
    private readonly int _milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    internal void Apply(DbConnection connection) => Apply(connection, _milliseconds);

    /// <summary>Sets the busy timeout on an open connection (a direct call into SQLite, no statement).</summary>
    internal static void Apply(DbConnection connection, int milliseconds)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, milliseconds);
        }
    }
}
