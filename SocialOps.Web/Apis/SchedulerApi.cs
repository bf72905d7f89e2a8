using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialOps.Core.Analytics;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Ai;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class SchedulerApi
{
    public sealed record BulkScheduleRequest(List<ScheduleRequest>? Items);

    public sealed record BulkScheduleResponse(IReadOnlyList<ScheduledResult> Items);

    public sealed record ScheduledPostsResponse(IReadOnlyList<ScheduledPostItem> Items, int Total);

    public sealed record CronPreview(string Pattern, string TimeZone, IReadOnlyList<DateTimeOffset> Occurrences, IReadOnlyList<string> LocalTimes);

    public static RouteGroupBuilder MapSchedulerApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduler").WithTags("Scheduler").RequireRateLimiting(SecurityHosting.ApiLimit);

        // Editors plan and publish; the read-only reports are open to every role.
        var edit = group.MapGroup("").RequireAuthorization(Policies.Editor);
        var read = group.MapGroup("").RequireAuthorization(Policies.Analyst);
        edit.MapPost("/schedule", ScheduleAsync).WithSummary("Schedule a post at a local time in a time zone, at an instant, or on a 5-field cron pattern.");
        edit.MapPost("/schedule-with-ai", ScheduleWithAiAsync).RequireRateLimiting(SecurityHosting.InferenceLimit)
            .WithSummary("Write the post from a prompt with the configured AI provider (or the templates), check it against the platform's rules and schedule it.");
        edit.MapPost("/bulk-schedule", BulkAsync).WithSummary($"Schedule up to {SchedulingService.MaxBulk} posts: all of them, or none with a per-row error report.");
        edit.MapGet("/scheduled-posts", ListAsync).WithSummary("Scheduled posts with their lifecycle, filterable by status, platform and time window.");
        edit.MapPut("/reschedule/{id:int}", RescheduleAsync).WithSummary("Move one post (or one occurrence of a series) to another time, and/or change its content and hashtags.");
        edit.MapPost("/publish-now/{id:int}", PublishNowAsync).WithSummary(
            "Publish a missed, failed or unconfirmed post (or any pending post) now. An unconfirmed post is first looked up on its platform; " +
            "when the platform cannot tell, the answer is 409 with needsConfirmation, and confirm=true sends it again.");
        edit.MapPost("/mark-published/{id:int}", MarkPublishedAsync).WithSummary("Settle an unconfirmed post that you found on the platform (optionally with its link).");
        edit.MapPost("/mark-failed/{id:int}", MarkFailedAsync).WithSummary("Settle an unconfirmed post that is not on the platform, as Failed (optionally with a reason).");
        edit.MapPost("/first-comment/{id:int}/send-again", SendFirstCommentAgainAsync)
            .WithSummary("Send a post's failed first comment again, at once; 409 when it is not failed (sent, or perhaps sent, it never goes twice).");
        edit.MapDelete("/cancel/{id:int}", CancelAsync).WithSummary("Cancel a post, or with series=true its whole recurring series.");
        read.MapGet("/preview-cron", PreviewCron).WithSummary("The next occurrences of a cron pattern in a time zone.");
        read.MapGet("/optimal-times", OptimalTimesAsync).WithSummary("Best hours to post per platform, from this project's history or the default table.");
        read.MapGet("/reliability", ReliabilityAsync).WithSummary("Per platform: shares published on time, late, retried, missed, failed and unconfirmed.");
        return group;
    }

    private static async Task<Results<Created<ScheduledResult>, ValidationProblem>> ScheduleAsync(
        ScheduleRequest request, SchedulingService scheduling, HttpContext http, CancellationToken ct)
    {
        var (result, errors) = await scheduling.ScheduleAsync(request, http.User.ToActor(http), ct);
        return result is null ? TypedResults.ValidationProblem(errors) : TypedResults.Created($"/api/scheduler/scheduled-posts?id={result.Id}", result);
    }

    private static async Task<Results<Created<ScheduledWithAi>, ValidationProblem, ProblemHttpResult>> ScheduleWithAiAsync(
        ScheduleWithAiRequest request, AiScheduling scheduling, HttpContext http, CancellationToken ct)
    {
        try
        {
            var (result, errors) = await scheduling.ScheduleAsync(request, http.User.ToActor(http), ct);
            return result is null ? TypedResults.ValidationProblem(errors) : TypedResults.Created($"/api/scheduler/scheduled-posts?id={result.Id}", result);
        }
        catch (AiException e)
        {
            return AiApi.Problem(e);
        }
    }

    private static async Task<Results<Created<BulkScheduleResponse>, ValidationProblem>> BulkAsync(
        BulkScheduleRequest request, SchedulingService scheduling, HttpContext http, CancellationToken ct)
    {
        var (results, errors) = await scheduling.BulkScheduleAsync(request.Items ?? [], http.User.ToActor(http), ct);
        return results is null ? TypedResults.ValidationProblem(errors) : TypedResults.Created("/api/scheduler/scheduled-posts", new BulkScheduleResponse(results));
    }

    private static async Task<Results<Ok<ScheduledPostsResponse>, ValidationProblem>> ListAsync(
        SchedulingService scheduling, string? status, string? platform, DateTimeOffset? from, DateTimeOffset? to, int? skip, int? take, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var parsedStatus = Parse<PostStatus>(status, "status", $"Use one of: {string.Join(", ", Enum.GetNames<PostStatus>())}.", errors);
        var parsedPlatform = Parse<Platform>(platform, "platform", $"Unknown platform '{platform}'.", errors);
        if (take is < 1 or > 500)
        {
            errors.Add("take", "Between 1 and 500.");
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (items, total) = await scheduling.ListAsync(new ScheduledPostFilter(parsedStatus, parsedPlatform, from, to, Math.Max(0, skip ?? 0), take ?? 100), ct);
        return TypedResults.Ok(new ScheduledPostsResponse(items, total));
    }

    /// <summary>A defined value of <typeparamref name="T"/> named in any case; null, with <paramref name="problem"/> noted when text names none.</summary>
    private static T? Parse<T>(string? text, string field, string problem, ValidationErrors errors)
        where T : struct, Enum
    {
        T? value = text is not null && Enum.TryParse<T>(text, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v : null;
        if (text is not null && value is null)
        {
            errors.Add(field, problem);
        }

        return value;
    }

    private static async Task<Results<Ok<ScheduledResult>, NotFound, ValidationProblem>> RescheduleAsync(
        int id, RescheduleRequest request, SchedulingService scheduling, HttpContext http, CancellationToken ct)
    {
        var (result, errors) = await scheduling.RescheduleAsync(id, request, http.User.ToActor(http), ct);
        return result is not null ? TypedResults.Ok(result) : errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<ScheduledResult>, NotFound, ValidationProblem, ProblemHttpResult>> PublishNowAsync(
        int id, SchedulingService scheduling, HttpContext http, CancellationToken ct, [FromQuery] bool confirm = false)
    {
        var (result, errors) = await scheduling.PublishNowAsync(id, http.User.ToActor(http), confirm, ct);
        if (errors.TryGetValue(SchedulingService.ConfirmField, out var question))
        {
            return TypedResults.Problem(question[0], statusCode: StatusCodes.Status409Conflict, title: "Confirm before sending again",
                extensions: new Dictionary<string, object?> { ["needsConfirmation"] = true });
        }

        return result is not null ? TypedResults.Ok(result) : errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<ScheduledResult>, NotFound, ValidationProblem>> MarkPublishedAsync(
        int id, MarkPublishedRequest? request, PostOutcomes outcomes, HttpContext http, CancellationToken ct)
    {
        var (result, errors) = await outcomes.MarkPublishedAsync(id, request ?? new MarkPublishedRequest(null), http.User.ToActor(http), ct);
        return result is not null ? TypedResults.Ok(result) : errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<ScheduledResult>, NotFound, ValidationProblem>> MarkFailedAsync(
        int id, MarkFailedRequest? request, PostOutcomes outcomes, HttpContext http, CancellationToken ct)
    {
        var (result, errors) = await outcomes.MarkFailedAsync(id, request ?? new MarkFailedRequest(null), http.User.ToActor(http), ct);
        return result is not null ? TypedResults.Ok(result) : errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.NotFound();
    }

    /// <summary>How a first comment sent again went: Published, Unknown (no answer yet) or Failed.</summary>
    public sealed record FirstCommentResent(int Id, string FirstCommentState);

    private static async Task<Results<Ok<FirstCommentResent>, NotFound>> SendFirstCommentAgainAsync(
        int id, FirstComments comments, HttpContext http, CancellationToken ct) =>
        await comments.ResendAsync(id, http.User.ToActor(http), ct) is { } state ? TypedResults.Ok(new FirstCommentResent(id, state.ToString())) : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> CancelAsync(
        int id, SchedulingService scheduling, HttpContext http, CancellationToken ct, [FromQuery] bool series = false) =>
        await scheduling.CancelAsync(id, series, http.User.ToActor(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static Results<Ok<CronPreview>, ValidationProblem> PreviewCron(string? pattern, string? timeZone, DateTimeOffset? from, int? count, TimeProvider time)
    {
        var errors = new ValidationErrors();
        var (expression, problem) = CronPattern.Parse(pattern);
        var zone = Zones.Find(timeZone ?? "Etc/UTC");
        if (expression is null)
        {
            errors.Add("pattern", problem!);
        }

        if (zone is null)
        {
            errors.Add("timeZone", $"Unknown time zone '{timeZone}'.");
        }

        if (count is < 1 or > 100)
        {
            errors.Add("count", "Between 1 and 100.");
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var next = CronPattern.Next(expression!, zone!, from ?? time.GetUtcNow(), count ?? 10);
        return TypedResults.Ok(new CronPreview(pattern!.Trim(), zone!.Id, next,
            [.. next.Select(n => TimeZoneInfo.ConvertTime(n, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture))]));
    }

    private static async Task<Ok<IReadOnlyList<OptimalTimes>>> OptimalTimesAsync(SchedulerReports reports, string? platform, CancellationToken ct)
    {
        var platforms = platform is { Length: > 0 } ? [platform] : new[] { "facebook", "instagram", "x", "linkedin", "mastodon", "bluesky", "tiktok", "youtube" };
        var results = new List<OptimalTimes>();
        foreach (var p in platforms)
        {
            results.Add(await reports.OptimalTimesAsync(p, ct: ct));
        }

        return TypedResults.Ok<IReadOnlyList<OptimalTimes>>(results);
    }

    private static async Task<Ok<ReliabilityReport>> ReliabilityAsync(SchedulerReports reports, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        TypedResults.Ok(await reports.ReliabilityAsync(from, to, ct));
}
