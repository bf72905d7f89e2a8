using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Audit;

namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>One intent's keywords and phrases as edited in Settings; they replace the configured or built-in list.</summary>
public class IntentKeywordSet
{
    /// <summary>The intent's API name (<c>complaint</c>, <c>query</c>, <c>praise</c>, <c>purchase_intent</c>).</summary>
    public required string Intent { get; set; }

    /// <summary>One phrase per line.</summary>
    public required string Phrases { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

internal sealed class IntentKeywordSetConfiguration : IEntityTypeConfiguration<IntentKeywordSet>
{
    public void Configure(EntityTypeBuilder<IntentKeywordSet> b)
    {
        b.HasKey(t => t.Intent);
        b.Property(t => t.Intent).HasMaxLength(32);
        b.Property(t => t.Phrases).HasMaxLength(IntentVocabulary.MaxPhrases * (IntentVocabulary.MaxPhraseLength + 1));
        b.Property(t => t.UpdatedBy).HasMaxLength(256);
    }
}

public sealed record IntentKeywordView(Intent Intent, IReadOnlyList<string> Phrases, TemplateSource Source, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <summary>
/// The intent rules' keywords and phrases: built in, replaced per intent by <c>Sentiment:IntentKeywords:&lt;intent&gt;</c>
/// (a list in the settings file), replaced in turn by what an administrator saved in Settings. Saved lists are cached
/// for <see cref="ResponseTemplates.CacheFor"/>, so other app instances see an edit within that time.
/// </summary>
public sealed class IntentKeywords(
    IOptionsMonitor<SentimentOptions> options, IDbContextFactory<SocialOpsDbContext> contexts, AuditLog audit, TimeProvider time)
{
    private volatile Cache? _saved;

    public async Task<IReadOnlyList<IntentKeywordView>> ListAsync(CancellationToken ct)
    {
        var saved = (await SavedAsync(ct)).ToDictionary(r => r.Intent, StringComparer.OrdinalIgnoreCase);
        var configured = Configured(options.CurrentValue);
        return [.. IntentVocabulary.Editable.Select(i => saved.TryGetValue(i.Name(), out var row)
            ? new IntentKeywordView(i, IntentVocabulary.Parse(row.Phrases), TemplateSource.Settings, row.UpdatedAt, row.UpdatedBy)
            : configured.TryGetValue(i, out var phrases)
                ? new IntentKeywordView(i, phrases, TemplateSource.Configuration, null, null)
                : new IntentKeywordView(i, IntentVocabulary.Default[i], TemplateSource.BuiltIn, null, null))];
    }

    /// <summary>The vocabulary in force.</summary>
    public async Task<IntentVocabulary> CurrentAsync(CancellationToken ct) =>
        (await ListAsync(ct)).Aggregate(IntentVocabulary.Default, (v, view) => view.Source == TemplateSource.BuiltIn ? v : v.With(view.Intent, view.Phrases));

    /// <summary>Saves one intent's phrases and records who did it, in one transaction.</summary>
    public async Task<IntentKeywordView> SaveAsync(Intent intent, IReadOnlyList<string> phrases, Actor actor, CancellationToken ct)
    {
        actor.Require(Access.Admin);
        EnsureEditable(intent);
        if (IntentVocabulary.Problem(phrases) is { } problem)
        {
            throw new ArgumentException(problem, nameof(phrases));
        }

        var normalized = IntentVocabulary.Normalize(phrases);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Set<IntentKeywordSet>().FindAsync([intent.Name()], ct);
        if (row is null)
        {
            row = new IntentKeywordSet { Intent = intent.Name(), Phrases = "" };
            db.Add(row);
        }

        row.Phrases = string.Join('\n', normalized);
        row.UpdatedAt = time.GetUtcNow();
        row.UpdatedBy = actor.Name;
        audit.Add(db, actor, "sentiment.keywords.saved", "IntentKeywordSet", intent.Name(), new { phrases = normalized });
        await db.SaveChangesAsync(ct);
        _saved = null;
        return new IntentKeywordView(intent, normalized, TemplateSource.Settings, row.UpdatedAt, row.UpdatedBy);
    }

    /// <summary>Removes the saved list, so the configured or built-in one applies again.</summary>
    public async Task<IntentKeywordView> ResetAsync(Intent intent, Actor actor, CancellationToken ct)
    {
        actor.Require(Access.Admin);
        EnsureEditable(intent);
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Set<IntentKeywordSet>().FindAsync([intent.Name()], ct) is { } row)
        {
            db.Remove(row);
            audit.Add(db, actor, "sentiment.keywords.reset", "IntentKeywordSet", intent.Name());
            await db.SaveChangesAsync(ct);
        }

        _saved = null;
        return (await ListAsync(ct)).Single(v => v.Intent == intent);
    }

    internal static Dictionary<Intent, IReadOnlyList<string>> Configured(SentimentOptions o)
    {
        var result = new Dictionary<Intent, IReadOnlyList<string>>();
        foreach (var (name, phrases) in o.IntentKeywords)
        {
            if (IntentNames.TryParse(name, out var intent) && IntentVocabulary.Editable.Contains(intent))
            {
                result[intent] = IntentVocabulary.Normalize(phrases);
            }
        }

        return result;
    }

    private async Task<IReadOnlyList<IntentKeywordSet>> SavedAsync(CancellationToken ct)
    {
        if (_saved is { } cached && time.GetUtcNow() - cached.LoadedAt < ResponseTemplates.CacheFor && time.GetUtcNow() >= cached.LoadedAt)
        {
            return cached.Rows;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Set<IntentKeywordSet>().AsNoTracking().ToListAsync(ct);
        _saved = new Cache(rows, time.GetUtcNow());
        return rows;
    }

    private static void EnsureEditable(Intent intent)
    {
        if (!IntentVocabulary.Editable.Contains(intent))
        {
            throw new ArgumentException($"'{intent.Name()}' has no keywords.", nameof(intent));
        }
    }

    private sealed record Cache(IReadOnlyList<IntentKeywordSet> Rows, DateTimeOffset LoadedAt);
}
