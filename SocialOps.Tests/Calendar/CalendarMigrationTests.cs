using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SocialOps.Core.Data;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Calendar;

/// <summary>Upgrading a database that already holds series adds the new columns without losing or refusing a row.</summary>
public sealed class CalendarMigrationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public Task AnExistingSeriesSurvivesTheUpgradeOnPostgres() => UpgradeAsync(
        new DatabaseOptions { Provider = "Postgres", ConnectionString = database.ConnectionString },
        """INSERT INTO "Schedules" ("Kind", "TimeZone", "OccurrencesCreated", "IsActive", "SeriesHashtags", "CreatedAt") VALUES (1, 'Etc/UTC', 0, true, '{{}}', now())""");

    [Fact]
    public async Task AnExistingSeriesSurvivesTheUpgradeOnSqlite()
    {
        using var directory = new TempDirectory();
        await UpgradeAsync(
            new DatabaseOptions { Provider = "Sqlite", DataDirectory = directory.Path },
            """INSERT INTO "Schedules" ("Kind", "TimeZone", "OccurrencesCreated", "IsActive", "SeriesHashtags", "CreatedAt") VALUES (1, 'Etc/UTC', 0, 1, '[]', 0)""");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static async Task UpgradeAsync(DatabaseOptions options, string insertSeries)
    {
        var (provider, contextOptions) = SocialOpsDbContextFactory.Build(options);
        await using var db = SocialOpsDbContextFactory.Create(provider, contextOptions);
        var migrations = db.Database.GetMigrations().ToList();
        var calendar = migrations.FindIndex(m => m.EndsWith("_Calendar", StringComparison.Ordinal));
        Assert.True(calendar > 0, "the calendar migration exists");
        var migrator = db.GetService<IMigrator>();

        await migrator.MigrateAsync(migrations[calendar - 1]);
        await db.Database.ExecuteSqlRawAsync(insertSeries);
        await migrator.MigrateAsync();

        var schedule = await db.Schedules.AsNoTracking().SingleAsync();
        Assert.Empty(schedule.SeriesMediaReferences);
        Assert.Equal("Etc/UTC", schedule.TimeZone);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
