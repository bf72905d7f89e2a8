using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Analytics;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class AnalyticsApi
{
    /// <summary>The period every analytics endpoint takes: local dates in <c>timeZone</c> (IANA, default UTC), both days included.</summary>
    public sealed record PeriodQuery(DateOnly? From, DateOnly? To, string? TimeZone, string? Platform, int? AccountId);

    public sealed record SentimentReport(SentimentMix Sentiment, IReadOnlyList<DailyPoint> Daily);

    public sealed record EngagementReport(long Engagements, double? EngagementRate, IReadOnlyDictionary<string, double?> Change, IReadOnlyList<PlatformRow> Platforms, IReadOnlyList<DailyPoint> Daily);

    public static RouteGroupBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/analytics").WithTags("Analytics")
            .RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapGet("/dashboard", DashboardAsync).WithSummary("Every KPI of a period with its change against the period before, per platform and per day.");
        group.MapGet("/engagement", EngagementAsync).WithSummary("Engagements and engagement rate per day and per platform.");
        group.MapGet("/growth", GrowthAsync).WithSummary("Followers at the start and end of the period, growth, growth rate and the daily count.");
        group.MapGet("/sentiment", SentimentAsync).WithSummary("Sentiment of comments received in the period: counts, mean score, share negative, daily mean.");
        group.MapGet("/top-posts", TopPostsAsync).WithSummary("The period's posts with the highest engagement rate and the most engagements, with text and link.");
        group.MapGet("/best-times", BestTimesAsync).WithSummary("Engagement rate by weekday and hour in each account's time zone, by content type and by hashtag.");
        group.MapGet("/roi", RoiAsync).WithSummary("Value of the engagement against AI, tool and labour costs, with the breakdown and the formula; value, cost, net and ratio are null until the team sets its values and costs (missing and message say which), and costs are narrowed to the filtered posts' share under a platform or account filter.");
        group.MapGet("/roi/settings", RoiSettingsAsync).WithSummary("The values ROI counts with (per like, comment, share, click, new follower; monthly costs; currency) and whether Settings changed them.");
        group.MapPut("/roi/settings", SaveRoiSettingsAsync).RequireAuthorization(Policies.Admin).WithSummary("Change the ROI values (Admin); audited.");
        group.MapDelete("/roi/settings", ResetRoiSettingsAsync).RequireAuthorization(Policies.Admin).WithSummary("Back to the values of the settings file (Admin); audited.");
        group.MapGet("/export", ExportAsync).WithSummary("One row per published post with its counters, as CSV (format=csv, default) or JSON (format=json), streamed.");
        return group;
    }

    /// <summary>The period asked for; with no <c>timeZone</c>, dates are read in the caller's own zone (Account menu → Time zone), else UTC.</summary>
    private static async Task<(AnalyticsPeriod? Period, ProblemHttpResult? Problem)> ParseAsync(PeriodQuery q, HttpContext http)
    {
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        if (string.IsNullOrWhiteSpace(q.TimeZone)
            && await http.RequestServices.GetRequiredService<Core.Identity.UserPreferences>().StoredTimeZoneAsync(http.User.FindFirstValue(ClaimTypes.NameIdentifier), http.RequestAborted) is { } own)
        {
            q = q with { TimeZone = own };
        }

        var zone = string.IsNullOrWhiteSpace(q.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(q.TimeZone, out var z) ? TimeZoneInfo.Utc : z;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var (period, error) = AnalyticsPeriod.Create(q.From, q.To, q.TimeZone, q.Platform, q.AccountId, today);
        return (period, error is null ? null : TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid period"));
    }

    /// <summary>Answers 400 for a period that does not parse, otherwise what <paramref name="read"/> makes of it.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> ForPeriodAsync<T>(PeriodQuery query, HttpContext http, Func<AnalyticsPeriod, Task<T>> read)
    {
        var (period, problem) = await ParseAsync(query, http);
        return period is null ? problem! : TypedResults.Ok(await read(period));
    }

    private static Task<Results<Ok<Dashboard>, ProblemHttpResult>> DashboardAsync(
        [AsParameters] PeriodQuery query, AnalyticsService analytics, HttpContext http, CancellationToken ct) =>
        ForPeriodAsync(query, http, period => analytics.DashboardAsync(period, ct));

    private static Task<Results<Ok<EngagementReport>, ProblemHttpResult>> EngagementAsync(
        [AsParameters] PeriodQuery query, AnalyticsService analytics, HttpContext http, CancellationToken ct) =>
        ForPeriodAsync(query, http, async period =>
        {
            var d = await analytics.DashboardAsync(period, ct);
            var change = new Dictionary<string, double?> { ["engagements"] = d.Change["engagements"], ["engagementRate"] = d.Change["engagementRate"] };
            return new EngagementReport(d.Engagements, d.EngagementRate, change, d.Platforms, d.Daily);
        });

    private static Task<Results<Ok<FollowerGrowth>, ProblemHttpResult>> GrowthAsync(
        [AsParameters] PeriodQuery query, AnalyticsService analytics, HttpContext http, CancellationToken ct) =>
        ForPeriodAsync(query, http, period => analytics.GrowthAsync(period, ct));

    private static Task<Results<Ok<SentimentReport>, ProblemHttpResult>> SentimentAsync(
        [AsParameters] PeriodQuery query, AnalyticsService analytics, HttpContext http, CancellationToken ct) =>
        ForPeriodAsync(query, http, async period =>
        {
            var (mix, daily) = await analytics.SentimentAsync(period, ct);
            return new SentimentReport(mix, daily);
        });

    private static async Task<Results<Ok<TopPosts>, ProblemHttpResult>> TopPostsAsync(
        [AsParameters] PeriodQuery query, int? limit, AnalyticsService analytics, HttpContext http, CancellationToken ct)
    {
        var (period, problem) = await ParseAsync(query, http);
        return period is null ? problem!
            : limit is < 1 or > 100 ? TypedResults.Problem("limit must be between 1 and 100.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit")
            : TypedResults.Ok(await analytics.TopPostsAsync(period, limit ?? 10, ct));
    }

    private static Task<Results<Ok<BestTimes>, ProblemHttpResult>> BestTimesAsync(
        [AsParameters] PeriodQuery query, AnalyticsService analytics, HttpContext http, CancellationToken ct) =>
        ForPeriodAsync(query, http, period => analytics.BestTimesAsync(period, ct));

    private static Task<Results<Ok<Roi>, ProblemHttpResult>> RoiAsync(
        [AsParameters] PeriodQuery query, AnalyticsService analytics, RoiSettingsStore roi, HttpContext http, CancellationToken ct) =>
        ForPeriodAsync(query, http, async period => await analytics.RoiAsync(period, (await roi.CurrentAsync(ct)).Values, ct));

    private static async Task<Ok<RoiValues>> RoiSettingsAsync(RoiSettingsStore roi, CancellationToken ct) => TypedResults.Ok(await roi.CurrentAsync(ct));

    private static async Task<Results<Ok<RoiValues>, ValidationProblem>> SaveRoiSettingsAsync(RoiOptions values, RoiSettingsStore roi, HttpContext http, CancellationToken ct)
    {
        var errors = await roi.SaveAsync(values, http.User.ToActor(http), ct);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors, title: "The ROI values were not saved") : TypedResults.Ok(await roi.CurrentAsync(ct));
    }

    private static async Task<Ok<RoiValues>> ResetRoiSettingsAsync(RoiSettingsStore roi, HttpContext http, CancellationToken ct)
    {
        await roi.ResetAsync(http.User.ToActor(http), ct);
        return TypedResults.Ok(await roi.CurrentAsync(ct));
    }

    private static async Task<IResult> ExportAsync([AsParameters] PeriodQuery query, string? format, AnalyticsService analytics, HttpContext http, CancellationToken ct)
    {
        var (period, problem) = await ParseAsync(query, http);
        if (period is null)
        {
            return problem!;
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"socialops-posts-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}");
        return (format ?? "csv").ToLowerInvariant() switch
        {
            "json" => TypedResults.Ok(analytics.ExportAsync(period, ct)),
            "csv" => TypedResults.Stream(stream => CsvExport.WriteAsync(stream, analytics.ExportAsync(period, ct), ct), "text/csv; charset=utf-8", name + ".csv"),
            _ => TypedResults.Problem($"format '{format}' is unknown; use csv or json.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid format"),
        };
    }
}
