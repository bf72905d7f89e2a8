using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Inbox;

/// <summary>
/// Moving the queue onto the interaction keeps what the team did: an escalated complaint stays escalated and urgent with
/// its note, a handled item stays handled, and an item never read stays open and low.
/// </summary>
public sealed class InboxQueueMigrationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public Task WhatTheTeamDidMovesOntoTheItemOnPostgres() => UpgradeAsync(
        new DatabaseOptions { Provider = "Postgres", ConnectionString = database.ConnectionString },
        """
        INSERT INTO "Interactions" ("Id", "Platform", "Kind", "ExternalId", "AuthorName", "Text", "ReceivedAt", "IsDemo") VALUES
        (100, 'Mastodon', 'Comment', 'q-1', 'Sam', 'broken again', '2026-11-01T10:00:00Z', false),
        (101, 'Mastodon', 'Comment', 'q-2', 'Ann', 'lovely', '2026-11-01T11:00:00Z', false),
        (102, 'Mastodon', 'Comment', 'q-3', 'Bo', 'not read yet', '2026-11-01T12:00:00Z', false);
        INSERT INTO "SentimentResults" ("InteractionId", "ReceivedAt", "Label", "Score", "Confidence", "Intent", "Keywords", "ModelVersion", "RequiresResponse", "Priority", "AnalyzedAt", "HandledState", "HandledAt", "HandledById", "HandledNote") VALUES
        (100, '2026-11-01T10:00:00Z', 'Negative', -0.8, 0.9, 'Complaint', '{{}}', 'test', true, 3, '2026-11-01T10:00:01Z', 'Escalated', '2026-11-01T10:30:00Z', 'user-1', 'to the shop'),
        (101, '2026-11-01T11:00:00Z', 'Positive', 0.9, 0.9, 'Praise', '{{}}', 'test', false, 1, '2026-11-01T11:00:01Z', 'Dismissed', '2026-11-01T11:30:00Z', 'user-2', NULL);
        """);

    [Fact]
    public async Task WhatTheTeamDidMovesOntoTheItemOnSqlite()
    {
        using var directory = new TempDirectory();
        var at = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero).UtcTicks;
        await UpgradeAsync(
            new DatabaseOptions { Provider = "Sqlite", DataDirectory = directory.Path },
            $"""
            INSERT INTO "Interactions" ("Id", "Platform", "Kind", "ExternalId", "AuthorName", "Text", "ReceivedAt", "IsDemo") VALUES
            (100, 'Mastodon', 'Comment', 'q-1', 'Sam', 'broken again', {at}, 0),
            (101, 'Mastodon', 'Comment', 'q-2', 'Ann', 'lovely', {at}, 0),
            (102, 'Mastodon', 'Comment', 'q-3', 'Bo', 'not read yet', {at}, 0);
            INSERT INTO "SentimentResults" ("InteractionId", "ReceivedAt", "Label", "Score", "Confidence", "Intent", "Keywords", "ModelVersion", "RequiresResponse", "Priority", "AnalyzedAt", "HandledState", "HandledAt", "HandledById", "HandledNote") VALUES
            (100, {at}, 'Negative', -0.8, 0.9, 'Complaint', '[]', 'test', 1, 3, {at}, 'Escalated', {at}, 'user-1', 'to the shop'),
            (101, {at}, 'Positive', 0.9, 0.9, 'Praise', '[]', 'test', 0, 1, {at}, 'Dismissed', {at}, 'user-2', NULL);
            """);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static async Task UpgradeAsync(DatabaseOptions options, string insertRows)
    {
        var (provider, contextOptions) = SocialOpsDbContextFactory.Build(options);
        await using (var db = SocialOpsDbContextFactory.Create(provider, contextOptions))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var moved = migrations.FindIndex(m => m.EndsWith("_InboxQueueOnInteraction", StringComparison.Ordinal));
            Assert.True(moved > 0, "the migration exists");
            var migrator = db.GetService<IMigrator>();

            await migrator.MigrateAsync(migrations[moved - 1]);
            await db.Database.ExecuteSqlRawAsync(insertRows);
            await migrator.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = SocialOpsDbContextFactory.Create(provider, contextOptions))
        {
            var items = await db.Interactions.AsNoTracking().OrderBy(i => i.Id).ToListAsync();
            Assert.Equal(
                [
                    (100L, HandledState.Escalated, ResponsePriority.Urgent, "user-1", "to the shop", true),
                    (101L, HandledState.Dismissed, ResponsePriority.Medium, "user-2", null, true),
                    (102L, HandledState.Open, ResponsePriority.Low, null, null, false),
                ],
                items.Select(i => (i.Id, i.State, i.Priority, i.HandledById, i.HandledNote, i.HandledAt is not null)));

            // The queue reads them from the item now: the open queue holds only the one never read.
            var open = await new InboxQueries(new SingleContextFactory(provider, contextOptions), TimeProvider.System).SearchAsync(new InboxFilter(State: HandledState.Open));
            Assert.Equal([102L], open.Items.Select(i => i.Id));
        }
    }

    private sealed class SingleContextFactory(DatabaseProvider provider, DbContextOptions options) : IDbContextFactory<SocialOpsDbContext>
    {
        public SocialOpsDbContext CreateDbContext() => SocialOpsDbContextFactory.Create(provider, options);
    }
}
