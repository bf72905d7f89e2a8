using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialOps.Core.Common;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Core.Sentiment.Engine;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class SentimentApi
{
    public const int MaxBatch = 100;

    public sealed record AnalyzeRequest(string? Text, string? Platform, long? PostId, long? InteractionId);

    public sealed record BatchRequest(List<AnalyzeRequest?>? Items);

    public sealed record SummaryRequest(DateTimeOffset? From, DateTimeOffset? To);

    public sealed record AnalyzeResponse(
        string Sentiment, double SentimentScore, double Confidence, string Intent, IReadOnlyList<string> Keywords,
        bool RequiresResponse, string Priority, string? AutoResponse, bool NonEnglish);

    public sealed record BatchResponse(IReadOnlyList<AnalyzeResponse> Results);

    public sealed record IntentInfo(string Name, string Priority, bool RequiresResponse);

    /// <summary>A reply template; <c>source</c> is <c>built-in</c>, <c>configuration</c> or <c>settings</c>.</summary>
    public sealed record TemplateInfo(string Intent, string Template, string Source, DateTimeOffset? UpdatedAt, string? UpdatedBy);

    public sealed record TemplateRequest(string? Template);

    public sealed record ConfigInfo(string? ModelPath, int MaxBatchSize, int MaxWaitMilliseconds, int IntraOpThreads, double NeutralBand,
        double AutoResponseThreshold, int MaxTextLength, int MaxBatchItems);

    public sealed record HealthInfo(string Engine, string ModelVersion, string? ModelPath, string Reason);

    public static RouteGroupBuilder MapSentimentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sentiment").WithTags("Sentiment")
            .RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.InferenceLimit);

        // Analysing may store the result against an interaction, so it is an Editor's action.
        var analyze = group.MapGroup("").RequireAuthorization(Policies.Editor);
        analyze.MapPost("/analyze", AnalyzeAsync).Accepts<AnalyzeRequest>("application/json").WithSummary("Sentiment, intent, keywords, priority and a suggested reply for one text.");
        analyze.MapPost("/analyze/batch", AnalyzeBatchAsync).Accepts<BatchRequest>("application/json").WithSummary($"The same for up to {MaxBatch} texts, answered in order.");
        group.MapPost("/summary", SummarizeAsync).Accepts<SummaryRequest>("application/json").WithSummary("Counts, mean score and trend of analysed interactions received in a time window.");
        group.MapGet("/intents", () => TypedResults.Ok(Enum.GetValues<Intent>().Select(i =>
            new IntentInfo(i.Name(), IntentDetector.Priority(i).Name(), IntentDetector.RequiresResponse(i)))));
        group.MapGet("/response-templates", async (ResponseTemplates t, CancellationToken ct) =>
            TypedResults.Ok((await t.ListAsync(ct)).Select(ToInfo))).WithSummary("The reply template of each intent and where its wording comes from.");
        var templates = group.MapGroup("/response-templates").RequireAuthorization(Policies.Admin);
        templates.MapPut("/{intent}", SaveTemplateAsync).Accepts<TemplateRequest>("application/json")
            .WithSummary("Replace the reply wording for one intent ({author} and {topic} are filled in); as the Settings page does.");
        templates.MapDelete("/{intent}", ResetTemplateAsync).WithSummary("Go back to the configured or built-in wording for one intent.");
        group.MapGet("/config", (IOptionsMonitor<SentimentOptions> o) => TypedResults.Ok(new ConfigInfo(o.CurrentValue.ModelPath,
            o.CurrentValue.MaxBatchSize, o.CurrentValue.MaxWaitMilliseconds, o.CurrentValue.IntraOpThreads, o.CurrentValue.NeutralBand,
            o.CurrentValue.AutoResponseThreshold, o.CurrentValue.MaxTextLength, MaxBatch)));
        group.MapGet("/health", (SentimentEngine e) =>
            TypedResults.Ok(new HealthInfo(e.Status.Engine, e.Status.ModelVersion, e.Status.ModelPath, e.Status.Reason)));
        return group;
    }

    public static AnalyzeResponse ToResponse(SentimentAnalysis a) => new(a.Sentiment.Name(), a.SentimentScore, a.Confidence,
        a.Intent.Name(), a.Keywords, a.RequiresResponse, a.Priority.Name(), a.AutoResponse, a.NonEnglish);

    private static async Task<Results<Ok<AnalyzeResponse>, ProblemHttpResult>> AnalyzeAsync(
        AnalyzeRequest request, SentimentService service, IOptionsMonitor<SentimentOptions> options, HttpContext http, CancellationToken ct)
    {
        var result = await RunAsync([request], service, options.CurrentValue, http.User.ToActor(http), ct);
        return result.Result is ProblemHttpResult problem ? problem : TypedResults.Ok(((Ok<BatchResponse>)result.Result).Value!.Results[0]);
    }

    private static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> AnalyzeBatchAsync(
        BatchRequest request, SentimentService service, IOptionsMonitor<SentimentOptions> options, HttpContext http, CancellationToken ct)
    {
        if (request.Items is not { Count: > 0 } items)
        {
            return Problem("items is required and must hold at least one text.");
        }

        if (items.Count > MaxBatch)
        {
            return Problem($"A batch holds at most {MaxBatch} items; this one has {items.Count}. Split it into smaller batches.");
        }

        return await RunAsync(items, service, options.CurrentValue, http.User.ToActor(http), ct);
    }

    private static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> RunAsync(
        List<AnalyzeRequest?> requests, SentimentService service, SentimentOptions options, Actor actor, CancellationToken ct)
    {
        for (var i = 0; i < requests.Count; i++)
        {
            var where = requests.Count == 1 ? "" : $"items[{i}]: ";
            if (requests[i] is not { } r)
            {
                return Problem($"{where}a JSON object with text is required.");
            }

            if (TextRules.Problem(r.Text, options.MaxTextLength) is { } problem)
            {
                return Problem(where + problem);
            }
        }

        var (results, missing) = await service.AnalyzeAsync([.. requests.Select(r => new AnalyzeItem(r!.Text!, r.InteractionId))], actor, ct);
        if (results is null)
        {
            return TypedResults.Problem($"Interaction {missing} does not exist.", statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(new BatchResponse([.. results.Select(ToResponse)]));
    }

    private static async Task<Results<Ok<SentimentSummary>, ProblemHttpResult>> SummarizeAsync(
        SummaryRequest request, SentimentService service, CancellationToken ct)
    {
        if (request is not { From: { } from, To: { } to })
        {
            return Problem("from and to are required (ISO 8601 instants).");
        }

        if (to <= from || to - from > TimeSpan.FromDays(366))
        {
            return Problem("to must be after from, and the window at most 366 days.");
        }

        return TypedResults.Ok(await service.SummarizeAsync(from.ToUniversalTime(), to.ToUniversalTime(), ct));
    }

    private static async Task<Results<Ok<TemplateInfo>, ProblemHttpResult>> SaveTemplateAsync(
        string intent, TemplateRequest request, HttpContext http, ResponseTemplates templates, CancellationToken ct)
    {
        if (!TryEditable(intent, out var parsed))
        {
            return TemplateProblem($"'{intent}' has no reply template; use complaint, query, praise or purchase_intent.");
        }

        var invalid = ResponseTemplates.Problem(request.Template);
        if (invalid is not null || request.Template is not { } text)
        {
            return TemplateProblem(invalid ?? "template is required.");
        }

        return TypedResults.Ok(ToInfo(await templates.SaveAsync(parsed, text, http.User.ToActor(http), ct)));
    }

    private static async Task<Results<Ok<TemplateInfo>, ProblemHttpResult>> ResetTemplateAsync(
        string intent, HttpContext http, ResponseTemplates templates, CancellationToken ct) =>
        TryEditable(intent, out var parsed)
            ? TypedResults.Ok(ToInfo(await templates.ResetAsync(parsed, http.User.ToActor(http), ct)))
            : TemplateProblem($"'{intent}' has no reply template; use complaint, query, praise or purchase_intent.");

    private static bool TryEditable(string name, out Intent intent) =>
        IntentNames.TryParse(name, out intent) && ResponseTemplates.Editable.Contains(intent);

    private static TemplateInfo ToInfo(TemplateView v) => new(v.Intent.Name(), v.Text, v.Source switch
    {
        TemplateSource.Settings => "settings",
        TemplateSource.Configuration => "configuration",
        _ => "built-in",
    }, v.UpdatedAt, v.UpdatedBy);

    private static ProblemHttpResult TemplateProblem(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The template cannot be saved.");

    private static ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be analysed.");
}
