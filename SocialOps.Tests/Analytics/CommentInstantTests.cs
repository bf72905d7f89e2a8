using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Analytics;

/// <summary>
/// Each analysis carries its comment's instant (the analytics read a period's sentiment from one index): set however the
/// analysis is saved, filled in for existing rows by the migration, put right by the nightly repair.
/// </summary>
public sealed class CommentInstantTests() : CommentInstantCases(new SocialOpsAppFactory());

public sealed class PostgresCommentInstantTests(PostgresDatabase database)
    : CommentInstantCases(new SocialOpsAppFactory().UsePostgres(database.ConnectionString)), IClassFixture<PostgresDatabase>;

public abstract class CommentInstantCases(SocialOpsAppFactory app) : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 29, 0, 30, 0, TimeSpan.Zero);
    private readonly SocialOpsAppFactory _app = app;

    private IDbContextFactory<SocialOpsDbContext> Contexts => _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();

    [Fact]
    public async Task EveryAnalysisCarriesItsCommentsInstantHoweverItIsSaved()
    {
        long throughNavigation, byIdOnly;
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var first = Comment("c-1", At);
            first.Sentiment = Analysis();
            var second = Comment("c-2", At.AddHours(5));
            db.Interactions.AddRange(first, second);
            await db.SaveChangesAsync();
            (throughNavigation, byIdOnly) = (first.Id, second.Id);
        }

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var analysis = Analysis();
            analysis.InteractionId = byIdOnly;
            db.SentimentResults.Add(analysis);
            await db.SaveChangesAsync();
        }

        Assert.Equal(At, await StoredInstantAsync(throughNavigation));
        Assert.Equal(At.AddHours(5), await StoredInstantAsync(byIdOnly));

        // A comment whose instant is corrected takes its analysis along in the same save.
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var comment = await db.Interactions.Include(i => i.Sentiment).SingleAsync(i => i.Id == throughNavigation);
            comment.ReceivedAt = At.AddDays(-1);
            await db.SaveChangesAsync();
        }

        Assert.Equal(At.AddDays(-1), await StoredInstantAsync(throughNavigation));
    }

    [Fact]
    public async Task TheNightlyRepairPutsRightAnInstantWrittenAroundTheApp()
    {
        var id = await AnalysedCommentAsync();
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await db.SentimentResults.Where(s => s.InteractionId == id).ExecuteUpdateAsync(set => set.SetProperty(s => s.ReceivedAt, At.AddYears(-3)));
        }

        Assert.Equal(At.AddYears(-3), await StoredInstantAsync(id));
        var repair = ActivatorUtilities.CreateInstance<RollupRepairJob>(_app.Services);
        Assert.Equal(1, await repair.RepairAsync());
        Assert.Equal(At, await StoredInstantAsync(id));
        Assert.Equal(0, await repair.RepairAsync());
    }

    [Fact]
    public async Task TheMigrationGivesExistingAnalysesTheirCommentsInstant()
    {
        var id = await AnalysedCommentAsync();
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            // Back to the schema before the column existed, then forward again, as an upgrade would run.
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var added = migrations.FindIndex(m => m.EndsWith("_CommentInstants", StringComparison.Ordinal));
            Assert.True(added > 0);
            await migrator.MigrateAsync(migrations[added - 1]);
            await migrator.MigrateAsync();
        }

        Assert.Equal(At, await StoredInstantAsync(id));
    }

    private async Task<long> AnalysedCommentAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var comment = Comment("c-1", At);
        comment.Sentiment = Analysis();
        db.Interactions.Add(comment);
        await db.SaveChangesAsync();
        return comment.Id;
    }

    private async Task<DateTimeOffset> StoredInstantAsync(long interactionId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.SentimentResults.Where(s => s.InteractionId == interactionId).Select(s => s.ReceivedAt).SingleAsync();
    }

    private static Interaction Comment(string id, DateTimeOffset at) => new()
    {
        Platform = Platform.Sandbox, Kind = InteractionKind.Comment, ExternalId = $"{id}-{Guid.NewGuid():N}", AuthorName = "Ben", Text = "Love it", ReceivedAt = at,
    };

    private static SentimentResult Analysis() => new() { Label = SentimentLabel.Positive, Score = 0.8, ModelVersion = "test", AnalyzedAt = At };

    public void Dispose()
    {
        _app.Dispose();
        GC.SuppressFinalize(this);
    }
}
