using Microsoft.Extensions.Logging;
using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Core.Demo;

public sealed record DemoSeedResult(bool Created, int Accounts, int Posts, int Interactions);

/// <summary>
/// Fills an empty install with 90 days of a fictional brand's activity, every row marked <c>IsDemo</c>
/// and every post labelled, so a newcomer sees a working dashboard. Running it again changes nothing.
/// </summary>
public sealed partial class DemoSeeder(
    IDbContextFactory<SocialOpsDbContext> contexts,
    PostTriggers triggers,
    TimeProvider time,
    SentimentAnalyzer analyzer,
    SentimentEngine engine,
    ILogger<DemoSeeder> logger)
{
    public const int Days = 90;

    public async Task<DemoSeedResult> SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.PlatformAccounts.AnyAsync(a => a.IsDemo, cancellationToken))
        {
            var existing = new DemoSeedResult(false,
                await db.PlatformAccounts.CountAsync(a => a.IsDemo, cancellationToken),
                await db.Posts.CountAsync(p => p.IsDemo, cancellationToken),
                await db.Interactions.CountAsync(i => i.IsDemo, cancellationToken));
            LogAlreadyPresent(logger, existing.Posts);
            return existing;
        }

        var now = time.GetUtcNow();
        // The comments are analysed by the configured engine, as real ones would be: what the inbox shows is what it would say.
        var pairs = DemoContent.Comments.SelectMany(c => DemoContent.Authors.Select(a => (Text: c, Author: a))).ToList();
        var analyses = await analyzer.AnalyzeAsync([.. pairs.Select(p => p.Text)], [.. pairs.Select(p => p.Author.Split(' ')[0])], cancellationToken);
        var analysed = pairs.Zip(analyses).ToDictionary(x => x.First, x => x.Second);
        var world = new DemoWorld(now, new Random(20_260_101), analysed, engine.Status.ModelVersion);
        world.Build();

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.PlatformAccounts.AddRange(world.Accounts);
        db.Posts.AddRange(world.Posts);
        db.FollowerSnapshots.AddRange(world.Followers);
        db.PostMetricSnapshots.AddRange(world.Metrics);
        db.Interactions.AddRange(world.Interactions);
        db.AiGenerationUsages.AddRange(world.AiUsage);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = "system",
            Action = "demo.seed",
            Details = $"{{\"days\":{Days},\"posts\":{world.Posts.Count}}}",
        });
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);

        // Upcoming demo posts go out (into the Sandbox) like any others: their triggers are set now.
        await triggers.DueAsync(world.Posts.Where(p => p is { Status: PostStatus.Scheduled, ScheduledFor: not null }).Select(p => p.ScheduledFor!.Value), cancellationToken);

        var result = new DemoSeedResult(true, world.Accounts.Count, world.Posts.Count, world.Interactions.Count);
        LogSeeded(logger, result.Accounts, result.Posts, result.Interactions);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data already present ({Posts} posts): nothing to do")]
    private static partial void LogAlreadyPresent(ILogger logger, int posts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data created: {Accounts} accounts, {Posts} posts, {Interactions} comments")]
    private static partial void LogSeeded(ILogger logger, int accounts, int posts, int interactions);
}
