using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Core.Inbox;

public sealed record AnalyzeItem(string Text, long? InteractionId);

public sealed record SummaryBucket(DateOnly Date, int Count, double MeanScore);

public sealed record SentimentSummary(
    DateTimeOffset From, DateTimeOffset To, int Total, int Positive, int Neutral, int Negative, double MeanScore,
    string Trend, IReadOnlyList<SummaryBucket> Daily);

/// <summary>The use cases behind the API and the verb: analyse (and store against interactions), summarise a window.</summary>
public sealed class SentimentService(
    SentimentAnalyzer analyzer, SentimentEngine engine, IDbContextFactory<SocialOpsDbContext> contexts, TimeProvider time)
{
    /// <summary>Analyses the texts, storing each reading against its interaction when given; null and the missing id when an interaction does not exist.</summary>
    public async Task<(SentimentAnalysis[]? Results, long? MissingInteraction)> AnalyzeAsync(IReadOnlyList<AnalyzeItem> items, Actor actor, CancellationToken ct)
    {
        actor.Require(Access.Editor);
        var ids = items.Where(i => i.InteractionId is not null).Select(i => i.InteractionId!.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return (await analyzer.AnalyzeAsync([.. items.Select(i => i.Text)], null, ct), null);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var interactions = await db.Interactions.Include(i => i.Sentiment).Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        if (ids.FirstOrDefault(id => !interactions.ContainsKey(id)) is var missing and not 0)
        {
            return (null, missing);
        }

        var authors = items.Select(i => i.InteractionId is { } id ? interactions[id].AuthorName : null).ToList();
        var results = await analyzer.AnalyzeAsync([.. items.Select(i => i.Text)], authors, ct);
        var now = time.GetUtcNow();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].InteractionId is { } id)
            {
                Store(interactions[id], results[i], now);
            }
        }

        await db.SaveChangesAsync(ct);
        return (results, null);
    }

    public async Task<SentimentSummary> SummarizeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Set<SentimentResult>().AsNoTracking()
            .Where(s => s.ReceivedAt >= from && s.ReceivedAt < to && s.ModelVersion != AnalysisEngines.NotAnalysed)
            .Select(s => new { s.Label, s.Score, s.ReceivedAt })
            .ToListAsync(ct);
        var daily = rows.GroupBy(r => DateOnly.FromDateTime(r.ReceivedAt.UtcDateTime)).OrderBy(g => g.Key)
            .Select(g => new SummaryBucket(g.Key, g.Count(), Math.Round(g.Average(r => r.Score), 4))).ToList();
        var mean = rows.Count == 0 ? 0 : Math.Round(rows.Average(r => r.Score), 4);
        return new SentimentSummary(from, to, rows.Count, rows.Count(r => r.Label == SentimentLabel.Positive),
            rows.Count(r => r.Label == SentimentLabel.Neutral), rows.Count(r => r.Label == SentimentLabel.Negative), mean, Trend(rows.Select(r => (r.ReceivedAt, r.Score)).ToList(), from, to), daily);
    }

    // Mean score of the second half of the window against the first half.
    private static string Trend(List<(DateTimeOffset At, double Score)> rows, DateTimeOffset from, DateTimeOffset to)
    {
        var middle = from + ((to - from) / 2);
        var first = rows.Where(r => r.At < middle).Select(r => r.Score).ToList();
        var second = rows.Where(r => r.At >= middle).Select(r => r.Score).ToList();
        if (first.Count == 0 || second.Count == 0)
        {
            return "steady";
        }

        var change = second.Average() - first.Average();
        return change > 0.1 ? "improving" : change < -0.1 ? "declining" : "steady";
    }

    private void Store(Inbox.Interaction interaction, SentimentAnalysis a, DateTimeOffset now) =>
        interaction.Read(a, engine.Status.ModelVersion, now, announce: true);
}
