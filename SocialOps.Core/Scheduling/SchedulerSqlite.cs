using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// The connections Quartz opens to its SQLite file: write-ahead logging (set once per file: the mode is kept in it),
/// SQLite's own busy wait (instead of the provider's long sleep between retries) and, when
/// <see cref="SchedulingOptions.DurableSchedulerStore"/> is off, <c>synchronous=NORMAL</c>, so a commit to the scheduler's
/// own file is appended to its write-ahead log without a sync of its own.
/// </summary>
internal sealed class SchedulerSqliteFactory(bool durable) : DbProviderFactory
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> InWal = new();

    public override DbConnection CreateConnection() => new SchedulerSqliteConnection(durable);

    public override DbCommand CreateCommand() => SqliteFactory.Instance.CreateCommand();

    public override DbParameter CreateParameter() => SqliteFactory.Instance.CreateParameter();

    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => SqliteFactory.Instance.CreateConnectionStringBuilder();

    private sealed class SchedulerSqliteConnection(bool durable) : SqliteConnection
    {
        public override void Open()
        {
            base.Open();
            Data.SqliteBusyWait.Apply(this, DefaultTimeout * 1000);
            if (!InWal.ContainsKey(DataSource))
            {
                using var wal = CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                wal.ExecuteNonQuery();
                InWal[DataSource] = true;
            }

            if (!durable)
            {
                using var command = CreateCommand();
                command.CommandText = "PRAGMA synchronous=NORMAL;";
                command.ExecuteNonQuery();
            }
        }

        public override Task OpenAsync(CancellationToken cancellationToken)
        {
            Open();
            return Task.CompletedTask;
        }
    }
}
