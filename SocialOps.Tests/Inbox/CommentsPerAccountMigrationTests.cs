using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Inbox;

/// <summary>
/// Keying comments by account keeps every stored comment: one that came without its account (an import linked to a
/// post) takes its post's account, one with neither stays, and afterwards another account may hold the same platform id.
/// </summary>
public sealed class CommentsPerAccountMigrationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public Task ExistingCommentsSurviveKeyingByAccountOnPostgres() => UpgradeAsync(
        new DatabaseOptions { Provider = "Postgres", ConnectionString = database.ConnectionString },
        """
        INSERT INTO "PlatformAccounts" ("Id", "Platform", "DisplayName", "TimeZone", "IsActive", "IsDemo", "IsPaused", "IsSandbox", "QueueSlots", "CreatedAt")
        VALUES (1, 'Webhook', 'Shop', 'Etc/UTC', true, false, false, false, '{{}}', now()), (2, 'Webhook', 'Café', 'Etc/UTC', true, false, false, false, '{{}}', now());
        INSERT INTO "Posts" ("Id", "Platform", "AccountId", "Content", "Hashtags", "MediaReferences", "Status", "IsDemo", "CreatedAt", "UpdatedAt", "Version")
        VALUES (10, 'Webhook', 2, 'hello', '{{}}', '{{}}', 'Published', false, now(), now(), 1);
        INSERT INTO "Interactions" ("Id", "Platform", "Kind", "ExternalId", "AccountId", "PostId", "AuthorName", "Text", "ReceivedAt", "IsDemo") VALUES
        (100, 'Webhook', 'Comment', 'c-1', 1, NULL, 'Sam', 'fetched', now(), false),
        (101, 'Webhook', 'Comment', 'import-1', NULL, 10, 'Ann', 'imported on a post', now(), false),
        (102, 'Webhook', 'Comment', 'import-2', NULL, NULL, 'Bo', 'imported alone', now(), false);
        """);

    [Fact]
    public async Task ExistingCommentsSurviveKeyingByAccountOnSqlite()
    {
        using var directory = new TempDirectory();
        await UpgradeAsync(
            new DatabaseOptions { Provider = "Sqlite", DataDirectory = directory.Path },
            """
            INSERT INTO "PlatformAccounts" ("Id", "Platform", "DisplayName", "TimeZone", "IsActive", "IsDemo", "IsPaused", "IsSandbox", "QueueSlots", "CreatedAt")
            VALUES (1, 'Webhook', 'Shop', 'Etc/UTC', 1, 0, 0, 0, '[]', 0), (2, 'Webhook', 'Café', 'Etc/UTC', 1, 0, 0, 0, '[]', 0);
            INSERT INTO "Posts" ("Id", "Platform", "AccountId", "Content", "Hashtags", "MediaReferences", "Status", "IsDemo", "CreatedAt", "UpdatedAt", "Version")
            VALUES (10, 'Webhook', 2, 'hello', '[]', '[]', 'Published', 0, 0, 0, 1);
            INSERT INTO "Interactions" ("Id", "Platform", "Kind", "ExternalId", "AccountId", "PostId", "AuthorName", "Text", "ReceivedAt", "IsDemo") VALUES
            (100, 'Webhook', 'Comment', 'c-1', 1, NULL, 'Sam', 'fetched', 0, 0),
            (101, 'Webhook', 'Comment', 'import-1', NULL, 10, 'Ann', 'imported on a post', 0, 0),
            (102, 'Webhook', 'Comment', 'import-2', NULL, NULL, 'Bo', 'imported alone', 0, 0);
            """);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static async Task UpgradeAsync(DatabaseOptions options, string insertRows)
    {
        var (provider, contextOptions) = SocialOpsDbContextFactory.Build(options);
        await using (var db = SocialOpsDbContextFactory.Create(provider, contextOptions))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var keyed = migrations.FindIndex(m => m.EndsWith("_CommentsPerAccountAndFetchProblems", StringComparison.Ordinal));
            Assert.True(keyed > 0, "the migration exists");
            var migrator = db.GetService<IMigrator>();

            await migrator.MigrateAsync(migrations[keyed - 1]);
            await db.Database.ExecuteSqlRawAsync(insertRows);
            await migrator.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = SocialOpsDbContextFactory.Create(provider, contextOptions))
        {
            var comments = await db.Interactions.AsNoTracking().OrderBy(i => i.Id).ToListAsync();
            Assert.Equal([(100L, 1), (101L, 2), (102L, (int?)null)], comments.Select(i => (i.Id, i.AccountId)));
            Assert.All(await db.PlatformAccounts.AsNoTracking().ToListAsync(), a => Assert.Equal((0, null), (a.CommentFetchFailures, a.CommentFetchError)));

            // The same platform id under another account is now a comment of its own; under the same account it is refused.
            db.Interactions.Add(Comment("c-1", 2));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            db.Interactions.Add(Comment("c-1", 1));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            db.Interactions.Add(Comment("import-2", null));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    private static Interaction Comment(string externalId, int? accountId) => new()
    {
        Platform = Platform.Webhook, ExternalId = externalId, AccountId = accountId, AuthorName = "Sam", Text = "again", ReceivedAt = DateTimeOffset.UnixEpoch,
    };
}
