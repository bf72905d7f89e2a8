using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialOps.Core.Data;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Data;

/// <summary>
/// The settings every database session starts with: the app's own data always syncs on commit and lets SQLite wait
/// for the write lock; the scheduler's store (triggers only, rebuilt from the posts) may skip the sync.
/// </summary>
public sealed class DatabaseSessionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("socialops-sessions-").FullName;

    [Fact]
    public async Task TheAppsSqliteSessionsWaitForTheWriteLockAndSyncEveryCommit()
    {
        using var app = new SocialOpsAppFactory();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        Assert.Equal(30_000L, await ScalarAsync(connection, "PRAGMA busy_timeout;"));
        Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous;")); // FULL
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task AWriterQueuedBehindAnotherConnectionsLockSavesOnceTheLockIsReleased()
    {
        using var app = new SocialOpsAppFactory();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();
        await using var holder = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "socialops.db")}");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var save = Task.Run(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.AuditEntries.Add(new Core.Audit.AuditEntry { Actor = "test", Action = "queued.write", EntityType = "Test", EntityId = "1", At = TimeProvider.System.GetUtcNow() });
            return await db.SaveChangesAsync();
        });
        await Task.Delay(200);
        Assert.False(save.IsCompleted, "the save should wait for the lock held by the other connection");

        await using (var commit = holder.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        Assert.Equal(1, await save.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task ManySavesAtOnceAllLandAndAFailedSaveDoesNotHoldUpTheNext()
    {
        using var app = new SocialOpsAppFactory();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();
        var day = new DateOnly(2026, 1, 1);
        int accountId;
        await using (var setup = await contexts.CreateDbContextAsync())
        {
            var account = new Core.Publishing.PlatformAccount { Platform = Core.Publishing.Platform.Sandbox, DisplayName = "S", ExternalId = "s", TimeZone = "Etc/UTC" };
            setup.PlatformAccounts.Add(account);
            await setup.SaveChangesAsync();
            accountId = account.Id;
        }

        Core.Analytics.FollowerSnapshot Count(DateOnly on) => new() { AccountId = accountId, Day = on, Followers = 1 };
        var saves = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.FollowerSnapshots.Add(Count(day.AddDays(i)));
            return await db.SaveChangesAsync();
        }));
        Assert.All(await Task.WhenAll(saves), saved => Assert.Equal(1, saved));

        await using (var duplicate = await contexts.CreateDbContextAsync())
        {
            duplicate.FollowerSnapshots.Add(Count(day));
            await Assert.ThrowsAsync<DbUpdateException>(() => duplicate.SaveChangesAsync());
        }

        await using var next = await contexts.CreateDbContextAsync();
        next.FollowerSnapshots.Add(Count(day.AddDays(40)));
        Assert.Equal(1, await next.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(41, await next.FollowerSnapshots.CountAsync());
    }

    [Theory]
    [InlineData(false, 1L)] // NORMAL: appended to the write-ahead log, synced at checkpoints
    [InlineData(true, 2L)] // FULL
    public async Task TheSchedulerFileSyncsOnEveryCommitOnlyWhenAskedTo(bool durable, long expected)
    {
        var factory = new SchedulerSqliteFactory(durable);
        await using var connection = factory.CreateConnection();
        connection.ConnectionString = $"Data Source={Path.Combine(_directory, $"scheduler-{durable}.db")};Default Timeout=12";
        await connection.OpenAsync();

        Assert.Equal(expected, await ScalarAsync(connection, "PRAGMA synchronous;"));
        Assert.Equal(12_000L, await ScalarAsync(connection, "PRAGMA busy_timeout;"));
    }

    [Fact]
    public void PostgresSessionsKeepPreparedStatementsUnlessTheConnectionStringSaysOtherwise()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresSessions.Tune("Host=db;Username=u;Password=p;Database=d"));
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(PostgresSessions.AutoPreparedStatements, tuned.MaxAutoPrepare);

        var given = new NpgsqlConnectionStringBuilder(PostgresSessions.Tune("Host=db;No Reset On Close=false;Max Auto Prepare=0"));
        Assert.False(given.NoResetOnClose);
        Assert.Equal(0, given.MaxAutoPrepare);

        // A malformed string is left for the start-up validation to report with its setting's name.
        Assert.Equal("Host=db;Bogus Keyword=1", PostgresSessions.Tune("Host=db;Bogus Keyword=1"));
    }

    [Fact]
    public void TheSchedulerStoreIsDurableByDefaultAndWheneverItSharesTheAppsFile()
    {
        Assert.True(new SchedulingOptions { DurableSchedulerStore = false, ShareSqliteFile = true }.StoreIsDurable);
        Assert.False(new SchedulingOptions { DurableSchedulerStore = false, ShareSqliteFile = false }.StoreIsDurable);
        Assert.True(new SchedulingOptions().StoreIsDurable);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    internal static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

public sealed class PostgresSessionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData(false, "off")]
    [InlineData(true, "on")]
    public async Task QuartzSessionsSkipTheCommitFlushOnlyWhenTheStoreNeedNotBeDurable(bool durable, string expected)
    {
        await using var connection = new NpgsqlConnection(SchedulingExtensions.QuartzPostgresConnectionString(database.ConnectionString, durable));
        await connection.OpenAsync();

        Assert.Equal(expected, await DatabaseSessionTests.ScalarAsync(connection, "SHOW synchronous_commit;"));
    }

    [Fact]
    public async Task TheAppsOwnPostgresSessionsKeepTheServersCommitFlush()
    {
        using var app = new SocialOpsAppFactory().UsePostgres(database.ConnectionString);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();

        Assert.Equal("on", await DatabaseSessionTests.ScalarAsync(db.Database.GetDbConnection(), "SHOW synchronous_commit;"));
    }
}
