using System.Globalization;
using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialOps.Core.Analytics;
using SocialOps.Core.Common;
using SocialOps.Core.Ai;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class AiApi
{
    public sealed record GenerateRequest(string? Brief, List<string?>? Platforms, string? Language, string? Tone, bool Variations = false);

    public sealed record GenerateResponse(string Provider, string Model, bool IsTemplate, IReadOnlyList<PlatformDraft> Drafts);

    public sealed record ReplyDraftRequest(long? InteractionId);

    public sealed record UsageResponse(int Calls, long InputTokens, long OutputTokens, decimal Cost, string Currency);

    public sealed record UsageBreakdown(string From, string To, string Currency, IReadOnlyList<AiUsageRow> Days, IReadOnlyList<AiUsageRow> Users);

    public sealed record TestResponse(bool Ok, string Message);

    public static RouteGroupBuilder MapAiApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ai").WithTags("AI").RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        var write = group.MapGroup("").RequireAuthorization(Policies.Editor).RequireRateLimiting(SecurityHosting.InferenceLimit);
        write.MapPost("/generate", GenerateAsync).WithSummary("One draft per platform from a brief, fitted to each platform's rules (variations=true: three alternatives for the first platform).");
        write.MapPost("/generate/stream", StreamAsync).WithSummary("The first platform's draft as server-sent events: 'delta' pieces of text as they arrive, then 'draft' (or 'error').");
        write.MapPost("/reply-draft", ReplyAsync).WithSummary("A reply to an inbox comment from its thread, sentiment, intent and the brand notes; nothing is sent.");
        group.MapGet("/usage", UsageAsync).WithSummary("Calls, tokens and cost of AI use between from and to (yyyy-MM-dd, UTC days, both included; this month by default).");
        var admin = group.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapGet("/usage/breakdown", BreakdownAsync).WithSummary("AI use per UTC day and per user.");
        admin.MapGet("/settings", async (AiSettingsStore store, CancellationToken ct) => TypedResults.Ok(await store.ViewAsync(ct)))
            .WithSummary("Settings → AI (the key is never returned: hasApiKey says whether one is stored).");
        admin.MapPut("/settings", SaveSettingsAsync).WithSummary("Change Settings → AI; apiKey null keeps the stored key, clearApiKey removes it.");
        admin.MapPost("/test", TestAsync).RequireRateLimiting(SecurityHosting.InferenceLimit).WithSummary("Ask the configured provider one short question.");
        return group;
    }

    /// <summary>A provider's failure as ProblemDetails: its status, a title and what to do.</summary>
    public static ProblemHttpResult Problem(AiException e) => TypedResults.Problem(e.Message, statusCode: e.StatusCode, title: e.Title);

    private static async Task<Results<Ok<GenerateResponse>, ValidationProblem, ProblemHttpResult>> GenerateAsync(
        GenerateRequest request, AiDraftService drafts, HttpContext http, CancellationToken ct)
    {
        var (valid, platforms, errors) = AiDraftService.Validate(request.Brief, request.Platforms, request.Language, request.Tone);
        if (valid is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var actor = http.User.ToActor(http);
        try
        {
            if (request.Variations)
            {
                var settings = await http.RequestServices.GetRequiredService<AiSettingsStore>().GetAsync(ct);
                var variations = await drafts.VariationsAsync(valid, platforms[0], actor, ct);
                return TypedResults.Ok(new GenerateResponse(settings.ProviderName, settings.ModelName, settings.Provider == AiProvider.None, variations));
            }

            var set = await drafts.GenerateAsync(valid, platforms, actor, ct: ct);
            return TypedResults.Ok(new GenerateResponse(set.Provider, set.Model, set.IsTemplate, set.Drafts));
        }
        catch (AiException e)
        {
            return Problem(e);
        }
    }

    private static async Task<Results<ServerSentEventsResult<DraftChunk>, ValidationProblem, ProblemHttpResult>> StreamAsync(
        GenerateRequest request, AiDraftService drafts, HttpContext http, CancellationToken ct)
    {
        var (valid, platforms, errors) = AiDraftService.Validate(request.Brief, request.Platforms, request.Language, request.Tone);
        if (valid is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // The first piece is awaited before answering, so a refusal (budget, key, rate limit) still gets its status code.
        var chunks = drafts.StreamAsync(valid, platforms[0], http.User.ToActor(http), ct: ct).GetAsyncEnumerator(ct);
        try
        {
            if (!await chunks.MoveNextAsync())
            {
                await chunks.DisposeAsync();
                return Problem(new AiException(AiFailure.EmptyAnswer, "The provider answered with no text."));
            }
        }
        catch (AiException e)
        {
            await chunks.DisposeAsync();
            return Problem(e);
        }

        return TypedResults.ServerSentEvents(Events(chunks));
    }

    private static async IAsyncEnumerable<SseItem<DraftChunk>> Events(IAsyncEnumerator<DraftChunk> chunks)
    {
        await using (chunks)
        {
            var more = true;
            while (more)
            {
                var chunk = chunks.Current;
                yield return new SseItem<DraftChunk>(chunk, chunk.Draft is null ? "delta" : "draft");
                AiException? failure = null;
                try
                {
                    more = await chunks.MoveNextAsync();
                }
                catch (AiException e)
                {
                    failure = e;
                    more = false;
                }

                if (failure is not null)
                {
                    yield return new SseItem<DraftChunk>(new DraftChunk(failure.Message, null, "", "", false), "error");
                }
            }
        }
    }

    private static async Task<Results<Ok<ReplyDraft>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ValidationProblem, ProblemHttpResult>> ReplyAsync(
        ReplyDraftRequest request, AiDraftService drafts, HttpContext http, CancellationToken ct)
    {
        if (request.InteractionId is not { } id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["interactionId"] = ["Name the comment to reply to."] });
        }

        try
        {
            var reply = await drafts.ReplyAsync(id, http.User.ToActor(http), ct);
            return reply is null
                ? TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails { Title = "No such comment.", Detail = $"No comment has id {id}.", Status = 404 })
                : TypedResults.Ok(reply);
        }
        catch (AiException e)
        {
            return Problem(e);
        }
    }

    private static async Task<Results<Ok<UsageResponse>, ValidationProblem>> UsageAsync(
        string? from, string? to, AiUsageService usage, IOptions<RoiOptions> roi, TimeProvider time, CancellationToken ct)
    {
        if (Period(from, to, time, out var start, out var end) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var totals = await usage.TotalsAsync(start, end, ct);
        return TypedResults.Ok(new UsageResponse(totals.Calls, totals.InputTokens, totals.OutputTokens, Math.Round(totals.CostUsd * roi.Value.UsdRate, 6), roi.Value.Currency));
    }

    private static async Task<Results<Ok<UsageBreakdown>, ValidationProblem>> BreakdownAsync(
        string? from, string? to, AiUsageService usage, IOptions<RoiOptions> roi, TimeProvider time, CancellationToken ct)
    {
        if (Period(from, to, time, out var start, out var end) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rate = roi.Value.UsdRate;
        var (days, users) = await usage.BreakdownAsync(start, end, ct);
        return TypedResults.Ok(new UsageBreakdown(Day(start), Day(end.AddDays(-1)), roi.Value.Currency,
            [.. days.Select(d => d with { CostUsd = d.CostUsd * rate })], [.. users.Select(u => u with { CostUsd = u.CostUsd * rate })]));
    }

    private static async Task<Results<Ok<AiSettingsView>, ValidationProblem>> SaveSettingsAsync(
        AiSettingsUpdate update, AiSettingsStore store, HttpContext http, CancellationToken ct)
    {
        var errors = await store.SaveAsync(update, http.User.ToActor(http), ct);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(await store.ViewAsync(ct));
    }

    private static async Task<Ok<TestResponse>> TestAsync(AiDraftService drafts, HttpContext http, CancellationToken ct)
    {
        var (ok, message) = await drafts.TestAsync(http.User.ToActor(http), ct);
        return TypedResults.Ok(new TestResponse(ok, message));
    }

    /// <summary>UTC days from and to, both included, as [start, end); this month so far by default.</summary>
    internal static Dictionary<string, string[]>? Period(string? from, string? to, TimeProvider time, out DateTimeOffset start, out DateTimeOffset end)
    {
        var errors = new ValidationErrors();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = Parse(from, new DateOnly(today.Year, today.Month, 1), "from", errors);
        var last = Parse(to, today, "to", errors);
        if (errors.Count == 0 && last < first)
        {
            errors.Add("to", "The end is before the start.");
        }

        start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return errors.Count > 0 ? errors : null;
    }

    private static DateOnly Parse(string? text, DateOnly fallback, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(field, $"'{text}' is not a date: use yyyy-MM-dd.");
        return fallback;
    }

    private static string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
