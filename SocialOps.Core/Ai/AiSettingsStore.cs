using SocialOps.Core.Audit;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Ai;

/// <summary>The brand notes every prompt carries.</summary>
public sealed record BrandNotes(string? Voice, string? WordsToUse, string? WordsToAvoid, string? Hashtags)
{
    public static readonly BrandNotes Empty = new(null, null, null, null);

    public IReadOnlyList<string> HashtagList =>
        [.. (Hashtags ?? "").Split([' ', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => h.StartsWith('#') ? h : "#" + h).Where(ContentRules.IsHashtag).Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>What generation runs with: the <c>Ai</c> settings with Settings → AI laid over them.</summary>
public sealed record EffectiveAiSettings(
    AiProvider Provider, string BaseUrl, string? Model, string? ApiKey, TimeSpan Timeout, int MaxOutputTokens,
    decimal? MonthlyBudgetUsd, BrandNotes Brand, IReadOnlyDictionary<string, AiPrice> Prices)
{
    /// <summary>The provider's name as usage and drafts record it.</summary>
    public string ProviderName => Provider == AiProvider.None ? AiDraftService.TemplateProvider : Provider.ToString();

    public string ModelName => Provider == AiProvider.None ? AiDraftService.TemplateModel : Model ?? "";

    public AiPrice PriceOf(string model) => Prices.GetValueOrDefault(model) ?? new AiPrice();
}

/// <summary>A change from Settings → AI. A null <see cref="ApiKey"/> keeps the stored key; <see cref="ClearApiKey"/> removes it.</summary>
public sealed record AiSettingsUpdate(
    string? Provider, string? BaseUrl, string? Model, string? ApiKey, bool ClearApiKey, int? TimeoutSeconds, decimal? MonthlyBudgetUsd,
    string? Voice, string? WordsToUse, string? WordsToAvoid, string? Hashtags, IReadOnlyList<AiModelPriceView>? Prices);

public sealed record AiModelPriceView(string Model, decimal InputPerMillionUsd, decimal OutputPerMillionUsd);

/// <summary>Settings → AI as the page and the API show it: never the key, only whether one is stored.</summary>
public sealed record AiSettingsView(
    string Provider, string BaseUrl, string? Model, bool HasApiKey, int TimeoutSeconds, decimal? MonthlyBudgetUsd,
    string? Voice, string? WordsToUse, string? WordsToAvoid, string? Hashtags, IReadOnlyList<AiModelPriceView> Prices);

public sealed class AiSettingsStore(
    IDbContextFactory<SocialOpsDbContext> contexts, IOptions<AiOptions> options, CredentialProtector protector, AuditLog audit, TimeProvider time)
{
    public async Task<EffectiveAiSettings> GetAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.AiSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        var prices = new Dictionary<string, AiPrice>(o.Prices, StringComparer.OrdinalIgnoreCase);
        foreach (var p in await db.AiModelPrices.AsNoTracking().ToListAsync(ct))
        {
            prices[p.Model] = new AiPrice { InputPerMillion = p.InputPerMillionUsd, OutputPerMillion = p.OutputPerMillionUsd };
        }

        // Once saved, the page's provider, address and model replace the configured ones as a whole (an address meant
        // for one provider never goes to another); a page without a key of its own uses the configured key, but only
        // towards the configured address: whoever can change the address must not receive a key they were never given.
        var provider = row?.Provider ?? o.ParsedProvider;
        var baseUrl = AddressOf(provider, row is null ? o.BaseUrl : row.BaseUrl);
        var key = row?.ProtectedApiKey is { } stored ? protector.TryUnprotect(stored)
            : SameAddress(baseUrl, AddressOf(o.ParsedProvider, o.BaseUrl)) ? o.ApiKey : null;
        var model = NullIfBlank(row is null ? o.Model : row.Model);
        return new EffectiveAiSettings(
            provider, baseUrl, model, NullIfBlank(key), TimeSpan.FromSeconds(row?.TimeoutSeconds ?? o.TimeoutSeconds),
            o.MaxOutputTokens, row is null ? o.MonthlyBudgetUsd : row.MonthlyBudgetUsd,
            row is null ? BrandNotes.Empty : new BrandNotes(row.Voice, row.WordsToUse, row.WordsToAvoid, row.Hashtags), prices);
    }

    public async Task<AiSettingsView> ViewAsync(CancellationToken ct = default)
    {
        var s = await GetAsync(ct);
        return new AiSettingsView(
            s.Provider.ToString(), s.BaseUrl, s.Model, s.ApiKey is not null, (int)s.Timeout.TotalSeconds, s.MonthlyBudgetUsd,
            s.Brand.Voice, s.Brand.WordsToUse, s.Brand.WordsToAvoid, s.Brand.Hashtags,
            [.. s.Prices.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => new AiModelPriceView(p.Key, p.Value.InputPerMillion, p.Value.OutputPerMillion))]);
    }

    /// <summary>Saves the change, or returns every problem with it (keyed by field) and saves nothing.</summary>
    public async Task<Dictionary<string, string[]>> SaveAsync(AiSettingsUpdate update, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        var o = options.Value;
        var errors = new Dictionary<string, string[]>();
        var provider = update.Provider ?? o.Provider;
        var problems = AiOptions.Problems(provider, update.BaseUrl, update.Model, update.TimeoutSeconds ?? o.TimeoutSeconds, update.MonthlyBudgetUsd);
        foreach (var problem in problems)
        {
            var field = problem[3..problem.IndexOf(' ', StringComparison.Ordinal)];
            errors[char.ToLowerInvariant(field[0]) + field[1..]] = [problem.Replace("Ai:", "", StringComparison.Ordinal)];
        }

        Check(errors, "voice", update.Voice, 2000);
        Check(errors, "wordsToUse", update.WordsToUse, 1000);
        Check(errors, "wordsToAvoid", update.WordsToAvoid, 1000);
        Check(errors, "hashtags", update.Hashtags, 1000);
        Check(errors, "apiKey", update.ApiKey, 2000);
        var prices = update.Prices ?? [];
        if (prices.Any(p => string.IsNullOrWhiteSpace(p.Model) || p.Model.Length > 200 || p.InputPerMillionUsd < 0 || p.OutputPerMillionUsd < 0))
        {
            errors["prices"] = ["Each price needs a model name (up to 200 characters) and prices that are not negative."];
        }
        else if (prices.GroupBy(p => p.Model.Trim(), StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            errors["prices"] = ["Each model may have one price."];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.AiSettings.SingleOrDefaultAsync(ct);
        if (row is null)
        {
            row = new AiSettings();
            db.AiSettings.Add(row);
        }

        // A stored key goes only to the address it was given for: a new address drops it unless a key comes with it.
        var before = AddressOf(row.Provider ?? o.ParsedProvider, row.BaseUrl);
        var newProvider = Enum.Parse<AiProvider>(provider, ignoreCase: true);
        var keyDropped = row.ProtectedApiKey is not null && !update.ClearApiKey && NullIfBlank(update.ApiKey) is null
            && !SameAddress(before, AddressOf(newProvider, update.BaseUrl));
        row.Provider = newProvider;
        row.BaseUrl = NullIfBlank(update.BaseUrl);
        row.Model = NullIfBlank(update.Model);
        row.TimeoutSeconds = update.TimeoutSeconds;
        row.MonthlyBudgetUsd = update.MonthlyBudgetUsd;
        row.Voice = NullIfBlank(update.Voice);
        row.WordsToUse = NullIfBlank(update.WordsToUse);
        row.WordsToAvoid = NullIfBlank(update.WordsToAvoid);
        row.Hashtags = NullIfBlank(update.Hashtags);
        if (update.ClearApiKey || keyDropped)
        {
            row.ProtectedApiKey = null;
        }
        else if (NullIfBlank(update.ApiKey) is { } key)
        {
            row.ProtectedApiKey = protector.Protect(key);
        }

        row.UpdatedAt = time.GetUtcNow();
        row.UpdatedById = actor.UserId;
        if (update.Prices is not null)
        {
            db.AiModelPrices.RemoveRange(await db.AiModelPrices.ToListAsync(ct));
            db.AiModelPrices.AddRange(prices.Select(p => new AiModelPrice { Model = p.Model.Trim(), InputPerMillionUsd = p.InputPerMillionUsd, OutputPerMillionUsd = p.OutputPerMillionUsd }));
        }

        // The key itself is never written to the audit log: only that it changed.
        audit.Add(db, actor, "ai.settings", "AiSettings", AiSettings.SingletonId.ToString(System.Globalization.CultureInfo.InvariantCulture), new
        {
            provider = row.Provider, row.BaseUrl, row.Model, row.TimeoutSeconds, row.MonthlyBudgetUsd,
            apiKey = update.ClearApiKey ? "removed" : keyDropped ? "removed (base URL changed)" : NullIfBlank(update.ApiKey) is null ? "unchanged" : "replaced",
        });
        await db.SaveChangesAsync(ct);
        return errors;
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is { Length: var length } && length > max)
        {
            errors[field] = [$"At most {max} characters."];
        }
    }

    /// <summary>The address calls go to: the given base URL, or the provider's public one.</summary>
    public static string AddressOf(AiProvider provider, string? baseUrl) => NullIfBlank(baseUrl) ?? AiOptions.DefaultBaseUrl(provider);

    public static bool SameAddress(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
