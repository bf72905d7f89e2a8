using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Ai;

/// <summary>A checked request for drafts: a brief, a language code and a tone from <see cref="AiLanguages"/>.</summary>
public sealed record DraftRequest(string Brief, string Language, string Tone);

/// <summary>One platform's draft, within its limits, with the hashtags it suggests and what was done to fit it.</summary>
public sealed record PlatformDraft(
    string Platform, string Content, IReadOnlyList<string> Hashtags, int Length, int MaxLength, bool Shortened, bool Trimmed, IReadOnlyList<string> Notes);

public sealed record DraftSet(string Provider, string Model, bool IsTemplate, IReadOnlyList<PlatformDraft> Drafts)
{
    /// <summary>The usage rows of the calls that wrote these drafts.</summary>
    public IReadOnlyList<long> UsageIds { get; init; } = [];
}

/// <summary>A piece of a streamed draft: text as it arrives, then the finished draft.</summary>
public sealed record DraftChunk(string? Delta, PlatformDraft? Draft, string Provider, string Model, bool IsTemplate);

/// <summary>Writes drafts with the configured provider (or the templates), fits them to each platform and records what each call cost.</summary>
public sealed partial class AiDraftService(
    AiSettingsStore store, AiClientFactory clients, AiUsageService usage, IDbContextFactory<SocialOpsDbContext> contexts, TimeProvider time,
    ILogger<AiDraftService> logger)
{
    public const string TemplateProvider = "templates";
    public const string TemplateModel = "built-in";
    public const int MaxBriefLength = 2000;
    public const int VariationCount = 3;

    /// <summary>Checks a request; the errors are keyed by the API's field names.</summary>
    public static (DraftRequest? Request, List<Platform> Platforms, ValidationErrors Errors) Validate(
        string? brief, IEnumerable<string?>? platforms, string? language, string? tone, string briefField = "brief")
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(brief))
        {
            errors.Add(briefField, "Write a brief: what the post is about.");
        }
        else if (brief.Length > MaxBriefLength)
        {
            errors.Add(briefField, $"A brief has at most {MaxBriefLength} characters.");
        }

        var parsed = new List<Platform>();
        foreach (var name in platforms ?? [])
        {
            if (TryParsePlatform(name, out var p))
            {
                parsed.Add(p);
            }
            else
            {
                errors.Add("platform", $"'{name}' is not a platform. Use one of: {string.Join(", ", Enum.GetNames<Platform>().Select(n => n.ToLowerInvariant()))}.");
            }
        }

        if (parsed.Count == 0 && !errors.ContainsKey("platform"))
        {
            errors.Add("platform", "Choose at least one platform.");
        }

        language = string.IsNullOrWhiteSpace(language) ? "en" : language.Trim();
        if (!AiLanguages.IsLanguage(language))
        {
            errors.Add("language", $"'{language}' is not a language drafts can be written in. Use one of: {string.Join(", ", AiLanguages.Names.Keys)}.");
        }

        tone = string.IsNullOrWhiteSpace(tone) ? "friendly" : tone.Trim().ToLowerInvariant();
        if (!AiLanguages.IsTone(tone))
        {
            errors.Add("tone", $"'{tone}' is not a tone. Use one of: {string.Join(", ", AiLanguages.Tones)}.");
        }

        return errors.Count > 0 ? (null, parsed, errors) : (new DraftRequest(brief!.Trim(), language.ToLowerInvariant(), tone), [.. parsed.Distinct()], errors);
    }

    /// <summary>One draft per platform. <paramref name="variant"/> above 0 asks for a different take.</summary>
    public async Task<DraftSet> GenerateAsync(DraftRequest request, IReadOnlyList<Platform> platforms, Actor actor, string feature = "draft", int variant = 0, CancellationToken ct = default)
    {
        var userId = actor.Require(Access.Editor).UserId;
        var settings = await store.GetAsync(ct);
        var client = clients.Create(settings);
        if (client is null)
        {
            return new DraftSet(TemplateProvider, TemplateModel, true, [.. platforms.Select(p => Finish(p, TemplateDrafts.Write(request, p, settings.Brand, variant), false, TemplateNotes(request)))]);
        }

        using (client)
        {
            var ids = new List<long>();
            var drafts = new List<PlatformDraft>();
            foreach (var platform in platforms)
            {
                var messages = AiPrompts.Draft(request, platform, settings.Brand);
                var text = await AskAsync(client, settings, messages, feature, userId, variant, ids, ct);
                drafts.Add(await FitAsync(client, settings, messages, text, platform, feature, userId, ids, ct));
            }

            return new DraftSet(settings.ProviderName, settings.ModelName, false, drafts) { UsageIds = ids };
        }
    }

    /// <summary>Three alternatives for one platform, each a separate call.</summary>
    public async Task<IReadOnlyList<PlatformDraft>> VariationsAsync(DraftRequest request, Platform platform, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var sets = await Task.WhenAll(Enumerable.Range(1, VariationCount).Select(i => GenerateAsync(request, [platform], actor, "variations", i, ct)));
        return [.. sets.Select(s => s.Drafts[0])];
    }

    /// <summary>Asks the provider one short question (the Test button): whether the settings work, in words.</summary>
    public async Task<(bool Ok, string Message)> TestAsync(Actor actor, CancellationToken ct = default)
    {
        var userId = actor.Require(Access.Admin).UserId;
        var settings = await store.GetAsync(ct);
        using var client = clients.Create(settings);
        if (client is null)
        {
            return (true, "No provider is configured: drafts are written from built-in templates.");
        }

        try
        {
            var answer = await AskAsync(client, settings, [new(ChatRole.User, "Reply with the single word OK.")], "test", userId, 0, [], ct);
            return (true, $"{settings.ProviderName} answered with model {settings.Model}: \"{Shorten(answer, 60)}\"");
        }
        catch (AiException e)
        {
            return (false, e.Message);
        }
    }

    internal async Task<string> AskAsync(
        IChatClient client, EffectiveAiSettings settings, List<ChatMessage> messages, string feature, string? userId, int variant, List<long> ids, CancellationToken ct)
    {
        await usage.EnsureWithinBudgetAsync(settings, ct);
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var started = time.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(messages, Options(settings, variant), linked.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw Failed(AiException.From(new TimeoutException("deadline", e), settings.ProviderName, settings.Timeout), settings, feature);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Failed(AiException.From(e, settings.ProviderName, settings.Timeout), settings, feature);
        }

        var text = Clean(response.Text);
        var (input, output) = Tokens(response.Usage, messages, text);
        ids.Add(await RecordAsync(settings, feature, userId, input, output, time.GetElapsedTime(started), ct));
        return text.Length > 0 ? text : throw Failed(new AiException(AiFailure.EmptyAnswer, $"{settings.ProviderName} answered with no text. Try again, or try another model."), settings, feature);
    }

    private async Task<PlatformDraft> FitAsync(
        IChatClient client, EffectiveAiSettings settings, List<ChatMessage> messages, string text, Platform platform, string feature, string? userId, List<long> ids, CancellationToken ct)
    {
        if (DraftFitter.Fits(platform, text))
        {
            return Finish(platform, text, false, []);
        }

        // Asking again gives a better text than cutting; if the shorter answer still does not fit, the fitter cuts at a sentence.
        return Finish(platform, await AskAsync(client, settings, AiPrompts.Shorten(messages, text, platform), feature, userId, 0, ids, ct), true, []);
    }

    internal static PlatformDraft Finish(Platform platform, string text, bool shortened, IReadOnlyList<string> notes)
    {
        var fitted = DraftFitter.Trim(platform, text);
        var trimmed = fitted != text.Trim();
        var check = ContentRules.Check(platform, fitted);
        var allNotes = notes.ToList();
        if (ContentRules.For(platform).RequiresImage)
        {
            allNotes.Add($"{platform} needs at least one image: add one before scheduling.");
        }

        if (trimmed)
        {
            allNotes.Add($"Cut after the last sentence that fits {platform}'s limit.");
        }

        return new PlatformDraft(platform.ToString().ToLowerInvariant(), fitted, DraftFitter.HashtagsIn(fitted), check.Length, check.MaxLength, shortened, trimmed, allNotes);
    }

    private static List<string> TemplateNotes(DraftRequest request) =>
        TemplateDrafts.Speaks(request.Language)
            ? ["Written from built-in templates: no AI provider is configured (Settings → AI)."]
            : ["Written from built-in templates: no AI provider is configured (Settings → AI). Templates exist in English, German, French and Spanish; this one is in English."];

    private async Task<long> RecordAsync(EffectiveAiSettings settings, string feature, string? userId, int input, int output, TimeSpan latency, CancellationToken ct)
    {
        LogCall(logger, settings.ProviderName, settings.ModelName, feature, input, output, (long)latency.TotalMilliseconds);
        return await usage.RecordAsync(new AiCall(settings.ProviderName, settings.ModelName, feature, userId, input, output, latency), settings, CancellationToken.None);
    }

    private AiException Failed(AiException e, EffectiveAiSettings settings, string feature)
    {
        LogFailure(logger, settings.ProviderName, settings.ModelName, feature, e.Failure);
        return e;
    }

    private static ChatOptions Options(EffectiveAiSettings settings, int variant) => new()
    {
        ModelId = settings.Model,
        MaxOutputTokens = settings.MaxOutputTokens,
        Temperature = variant == 0 ? 0.7f : 0.95f,
    };

    /// <summary>Tokens as the provider reports them; estimated at four characters a token when it reports none.</summary>
    internal static (int Input, int Output) Tokens(UsageDetails? details, IEnumerable<ChatMessage> messages, string text) =>
        details is { InputTokenCount: { } i, OutputTokenCount: { } o }
            ? ((int)i, (int)o)
            : ((messages.Sum(m => m.Text.Length) + 3) / 4, (text.Length + 3) / 4);

    /// <summary>The answer without a reasoning model's thinking, and without quotes around the whole text.</summary>
    internal static string Clean(string? text)
    {
        var cleaned = Thinking().Replace(text ?? "", "").Trim();
        if (cleaned.Length >= 2 && cleaned[0] is '"' or '“' && cleaned[^1] is '"' or '”')
        {
            cleaned = cleaned[1..^1].Trim();
        }

        return cleaned;
    }

    public static bool TryParsePlatform(string? name, out Platform platform)
    {
        platform = default;
        return !string.IsNullOrWhiteSpace(name) && !int.TryParse(name, out _) && Enum.TryParse(name.Trim(), ignoreCase: true, out platform) && Enum.IsDefined(platform);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    [GeneratedRegex(@"<think>.*?</think>", RegexOptions.Singleline)]
    private static partial Regex Thinking();

    [LoggerMessage(Level = LogLevel.Information, Message = "AI call: {Provider} {Model} for {Feature}, {InputTokens} in, {OutputTokens} out, {LatencyMs} ms")]
    private static partial void LogCall(ILogger logger, string provider, string model, string feature, int inputTokens, int outputTokens, long latencyMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AI call failed: {Provider} {Model} for {Feature}: {Failure}")]
    private static partial void LogFailure(ILogger logger, string provider, string model, string feature, AiFailure failure);
}
