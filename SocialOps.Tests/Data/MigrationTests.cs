using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Data;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Data;

public sealed class SqliteMigrationTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    [Fact]
    public async Task MigrationsCreateAFreshSqliteFileInTheDataDirectory()
    {
        var applied = await _app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        Assert.Equal(0, applied); // start-up already applied them
        Assert.True(File.Exists(Path.Combine(_app.DataDirectory, "socialops.db")));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.IsType<SqliteSocialOpsDbContext>(db);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task EveryEntityRoundTripsOnSqlite()
    {
        var contexts = _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();
        await ModelRoundTrip.AssertEveryEntityRoundTripsAsync(contexts.CreateDbContext);
    }

    [Fact]
    public void BothProvidersHaveMigrationsForTheSameModel()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        var sqliteMigrations = sqlite.Database.GetMigrations().Select(m => m[15..]).ToList();
        var postgresMigrations = postgres.Database.GetMigrations().Select(m => m[15..]).ToList();

        Assert.NotEmpty(sqliteMigrations);
        Assert.Equal(sqliteMigrations, postgresMigrations);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "The SQLite model has changes with no migration: run tools/add-migration.sh");
        Assert.False(postgres.Database.HasPendingModelChanges(), "The PostgreSQL model has changes with no migration: run tools/add-migration.sh");
    }

    public void Dispose() => _app.Dispose();
}

public sealed class PostgresMigrationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private SocialOpsAppFactory? _app;

    private SocialOpsAppFactory App => _app ??= new SocialOpsAppFactory().UsePostgres(database.ConnectionString);

    [Fact]
    public async Task MigrationsApplyOnAFreshPostgresDatabaseAndEveryEntityRoundTrips()
    {
        var contexts = App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            Assert.IsType<PostgresSocialOpsDbContext>(db);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        }

        await ModelRoundTrip.AssertEveryEntityRoundTripsAsync(contexts.CreateDbContext);
    }

    public void Dispose() => _app?.Dispose();
}
