using System.Text.RegularExpressions;
using SocialOps.Core.Audit;

namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>Where a template's wording comes from.</summary>
public enum TemplateSource
{
    /// <summary>The wording SocialOps ships with.</summary>
    BuiltIn,
    /// <summary><c>Sentiment:ResponseTemplates:&lt;intent&gt;</c> in the settings file or environment.</summary>
    Configuration,
    /// <summary>Edited by an administrator in Settings (stored in the database).</summary>
    Settings,
}

public sealed record TemplateView(Intent Intent, string Text, TemplateSource Source, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <summary>
/// Reply templates by intent: the built-in wording, overridden by <c>Sentiment:ResponseTemplates</c>, overridden in turn
/// by what an administrator saved in Settings. {author} and {topic} are filled in. Saved templates are cached for a
/// few seconds, so other app instances see an edit within <see cref="CacheFor"/>.
/// </summary>
public sealed partial class ResponseTemplates(
    IOptionsMonitor<SentimentOptions> options, IDbContextFactory<SocialOpsDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const int MaxLength = 1000;
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    public static readonly IReadOnlyList<Intent> Editable = [Intent.Complaint, Intent.Query, Intent.Praise, Intent.PurchaseIntent];

    public static readonly IReadOnlyDictionary<Intent, string> Defaults = new Dictionary<Intent, string>
    {
        [Intent.Complaint] = "Hi {author}, we're really sorry about {topic}. That's not the experience we want for you: please send us a direct message with the details and we'll put it right.",
        [Intent.Query] = "Hi {author}, thanks for asking about {topic}! Send us a direct message or check our page for the details, and we'll happily help with anything else.",
        [Intent.Praise] = "Thank you so much, {author}! We're thrilled you enjoyed {topic}. It means a lot to the whole team.",
        [Intent.PurchaseIntent] = "Hi {author}, great to hear you're interested in {topic}! Send us a direct message and we'll help with prices, availability and ordering.",
    };

    private volatile Cache? _saved;

    /// <summary>Each editable intent's template and where it comes from.</summary>
    public async Task<IReadOnlyList<TemplateView>> ListAsync(CancellationToken ct)
    {
        var saved = (await SavedAsync(ct)).ToDictionary(r => r.Intent, StringComparer.OrdinalIgnoreCase);
        var configured = Configured();
        return [.. Editable.Select(i => saved.TryGetValue(i.Name(), out var row)
            ? new TemplateView(i, row.Text, TemplateSource.Settings, row.UpdatedAt, row.UpdatedBy)
            : configured.TryGetValue(i, out var text)
                ? new TemplateView(i, text, TemplateSource.Configuration, null, null)
                : new TemplateView(i, Defaults[i], TemplateSource.BuiltIn, null, null))];
    }

    /// <summary>The template in force for each intent.</summary>
    public async Task<IReadOnlyDictionary<Intent, string>> CurrentAsync(CancellationToken ct) =>
        (await ListAsync(ct)).ToDictionary(v => v.Intent, v => v.Text);

    /// <summary>Why a template cannot be saved, or null when it can.</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "The template is empty.";
        }

        if (text.Length > MaxLength)
        {
            return $"The template is {text.Length} characters long; the limit is {MaxLength}.";
        }

        var unknown = Placeholder().Matches(text).Select(m => m.Value).Where(p => p is not ("{author}" or "{topic}")).Distinct().ToList();
        return unknown.Count > 0
            ? $"Unknown placeholder {string.Join(", ", unknown)}: use {{author}} and {{topic}}."
            : null;
    }

    /// <summary>Saves the wording for one intent and records who did it, in one transaction.</summary>
    public async Task<TemplateView> SaveAsync(Intent intent, string text, Actor actor, CancellationToken ct)
    {
        actor.Require(Access.Admin);
        EnsureEditable(intent);
        if (Problem(text) is { } problem)
        {
            throw new ArgumentException(problem, nameof(text));
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Set<ReplyTemplate>().FindAsync([intent.Name()], ct);
        if (row is null)
        {
            row = new ReplyTemplate { Intent = intent.Name(), Text = text };
            db.Add(row);
        }

        row.Text = text.Trim();
        row.UpdatedAt = time.GetUtcNow();
        row.UpdatedBy = actor.Name;
        audit.Add(db, actor, "sentiment.template.saved", "ReplyTemplate", intent.Name(), new { text = row.Text });
        await db.SaveChangesAsync(ct);
        _saved = null;
        return new TemplateView(intent, row.Text, TemplateSource.Settings, row.UpdatedAt, row.UpdatedBy);
    }

    /// <summary>Removes the saved wording, so the configured or built-in one applies again.</summary>
    public async Task<TemplateView> ResetAsync(Intent intent, Actor actor, CancellationToken ct)
    {
        actor.Require(Access.Admin);
        EnsureEditable(intent);
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Set<ReplyTemplate>().FindAsync([intent.Name()], ct) is { } row)
        {
            db.Remove(row);
            audit.Add(db, actor, "sentiment.template.reset", "ReplyTemplate", intent.Name());
            await db.SaveChangesAsync(ct);
        }

        _saved = null;
        return (await ListAsync(ct)).Single(v => v.Intent == intent);
    }

    /// <summary>
    /// The reply for one comment, from the templates in force. Without an author, a name addressed after a comma is
    /// left out ("Thank you so much!") and a greeting says "there" ("Hi there,").
    /// </summary>
    public static string? Fill(IReadOnlyDictionary<Intent, string> templates, Intent intent, string? author, string? topic)
    {
        if (!templates.TryGetValue(intent, out var template))
        {
            return null;
        }

        var named = string.IsNullOrWhiteSpace(author)
            ? template.Replace(", {author}", "", StringComparison.Ordinal).Replace("{author}", "there", StringComparison.Ordinal)
            : template.Replace("{author}", author.Trim(), StringComparison.Ordinal);
        return named.Replace("{topic}", string.IsNullOrWhiteSpace(topic) ? "this" : topic, StringComparison.Ordinal);
    }

    private Dictionary<Intent, string> Configured()
    {
        var result = new Dictionary<Intent, string>();
        foreach (var (name, template) in options.CurrentValue.ResponseTemplates)
        {
            if (IntentNames.TryParse(name, out var intent) && intent != Intent.None && !string.IsNullOrWhiteSpace(template))
            {
                result[intent] = template;
            }
        }

        return result;
    }

    private async Task<IReadOnlyList<ReplyTemplate>> SavedAsync(CancellationToken ct)
    {
        if (_saved is { } cached && time.GetUtcNow() - cached.LoadedAt < CacheFor && time.GetUtcNow() >= cached.LoadedAt)
        {
            return cached.Rows;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Set<ReplyTemplate>().AsNoTracking().ToListAsync(ct);
        _saved = new Cache(rows, time.GetUtcNow());
        return rows;
    }

    private static void EnsureEditable(Intent intent)
    {
        if (!Editable.Contains(intent))
        {
            throw new ArgumentException($"'{intent.Name()}' has no reply template.", nameof(intent));
        }
    }

    private sealed record Cache(IReadOnlyList<ReplyTemplate> Rows, DateTimeOffset LoadedAt);

    [GeneratedRegex(@"\{[^{}\s]*\}")]
    private static partial Regex Placeholder();
}
