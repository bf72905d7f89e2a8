using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Analytics;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class SandboxApi
{
    /// <summary>One publication on the Sandbox, as a platform would show it; <c>url</c> is its own address, <c>inReplyTo</c> the publication a thread's part or a first comment answers.</summary>
    public sealed record SandboxPost(long Id, int PostId, string IdempotencyKey, string Content, IReadOnlyList<string> Hashtags, DateTimeOffset PublishedAt, string Url, string? InReplyTo = null);

    public sealed record SandboxPostsResponse(IReadOnlyList<SandboxPost> Items, int Total);

    public sealed record CommentRequest(int? PostId, string? Author, string? Text);

    /// <summary>A post's counters as a platform reports them; any may be left out, and a left-out <c>impressions</c> or <c>reach</c> means the platform does not report it.</summary>
    public sealed record MetricsRequest(int? PostId, long? Likes, long? Comments, long? Shares, long? Saves, long? Clicks, long? Impressions, long? Reach);

    /// <summary>The snapshot recorded: the post's counters as of <c>takenAtUtc</c>, its engagements and engagement rate (null without an audience).</summary>
    public sealed record SandboxMetricsDto(
        int PostId, DateTimeOffset TakenAtUtc, long Likes, long Comments, long Shares, long Saves, long Clicks, long Impressions, long Reach,
        long Engagements, double? EngagementRate);

    /// <summary>One reply the Sandbox received.</summary>
    public sealed record SandboxReplyDto(long InteractionId, string Text, DateTimeOffset SentAtUtc);

    public sealed record SandboxRepliesResponse(IReadOnlyList<SandboxReplyDto> Items);

    /// <summary><c>mode</c>: transient, permanent or unknown; <c>count</c>: how many publications and replies fail.</summary>
    public sealed record ArmFailuresRequest(string? Mode, int? Count);

    /// <summary>What the Sandbox is armed with: <c>mode</c> is null and <c>remaining</c> 0 when nothing is.</summary>
    public sealed record SandboxFailuresDto(string? Mode, int Remaining, int Count, string? ArmedBy, DateTimeOffset? ArmedAtUtc);

    public static RouteGroupBuilder MapSandboxApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sandbox").WithTags("Sandbox")
            .RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapGet("/posts", ListAsync).WithSummary("Everything published to the built-in Sandbox, one entry per publication, newest first.");
        group.MapGet("/posts/{id:long}", GetAsync).WithSummary("One Sandbox publication: where a Sandbox post's link leads.");
        group.MapPost("/comments", CommentAsync).RequireAuthorization(Policies.Editor)
            .WithSummary("Someone comments on a post published to the Sandbox: stored, analysed and announced as a fetched comment is; answers the inbox item.");
        group.MapPost("/metrics", MetricsAsync).RequireAuthorization(Policies.Editor)
            .WithSummary("A platform reports counters for a post published to the Sandbox: recorded as one metric snapshot taken now, as a connector records them; a left-out impressions or reach means the platform does not report it.");
        group.MapGet("/replies", RepliesAsync).WithSummary("Every reply the Sandbox received, one entry per reply, oldest first.");
        group.MapGet("/failures", FailuresAsync).WithSummary("What the Sandbox is armed to fail: the mode and how many failures remain.");
        group.MapPost("/failures", ArmAsync).RequireAuthorization(Policies.Editor)
            .WithSummary($"Make the next count (1 to {SandboxFailures.MaxCount}) Sandbox publications and replies fail: transient (503, retried), permanent (400, failed) or unknown (received, answer lost: unconfirmed). Replaces what was armed.");
        group.MapDelete("/failures", DisarmAsync).RequireAuthorization(Policies.Editor).WithSummary("Disarm: the Sandbox accepts everything again.");
        return group;
    }

    private static async Task<Ok<SandboxPostsResponse>> ListAsync(SandboxQueries sandbox, int? postId, int? take, CancellationToken ct)
    {
        var (items, total) = await sandbox.PublicationsAsync(postId, take, ct);
        return TypedResults.Ok(new SandboxPostsResponse([.. items.Select(ToDto)], total));
    }

    private static async Task<Results<Ok<SandboxPost>, NotFound>> GetAsync(SandboxQueries sandbox, long id, CancellationToken ct) =>
        await sandbox.PublicationAsync(id, ct) is { } publication ? TypedResults.Ok(ToDto(publication)) : TypedResults.NotFound();

    private static async Task<Results<Created<InboxApi.InboxItemDto>, ValidationProblem, ProblemHttpResult>> CommentAsync(
        CommentRequest request, SandboxComments comments, InboxQueries inbox, HttpContext http, CancellationToken ct)
    {
        if (request.PostId is not { } postId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["postId"] = ["postId is required."] });
        }

        var (id, problem) = await comments.AddAsync(postId, request.Author, request.Text, http.User.ToActor(http), ct);
        if (problem is not null)
        {
            return problem.NotFound
                ? TypedResults.Problem(problem.Message, statusCode: StatusCodes.Status404NotFound, title: "The comment was not added")
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [problem.Field] = [problem.Message] }, detail: problem.Message, title: "The comment was not added");
        }

        var item = (await inbox.GetAsync(id!.Value, ct))!;
        return TypedResults.Created($"/api/inbox?q={Uri.EscapeDataString(item.Text)}", InboxApi.ToDto(item));
    }

    private static async Task<Results<Created<SandboxMetricsDto>, ValidationProblem, ProblemHttpResult>> MetricsAsync(
        MetricsRequest request, SandboxMetrics metrics, HttpContext http, CancellationToken ct)
    {
        if (request.PostId is not { } postId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["postId"] = ["postId is required."] }, title: "The metrics were not recorded");
        }

        var counts = new SandboxCounts(request.Likes, request.Comments, request.Shares, request.Saves, request.Clicks, request.Impressions, request.Reach);
        var result = await metrics.RecordAsync(postId, counts, http.User.ToActor(http), ct);
        if (result.NotFound is { } missing)
        {
            return TypedResults.Problem(missing, statusCode: StatusCodes.Status404NotFound, title: "The metrics were not recorded");
        }

        if (result.Snapshot is not { } s)
        {
            return TypedResults.ValidationProblem(result.Errors!, title: "The metrics were not recorded");
        }

        var m = new PostMetrics(s.PostId, default, null, s.TakenAt, s.Likes, s.Comments, s.Shares, s.Saves, s.Clicks, s.Impressions, s.Reach);
        return TypedResults.Created($"/api/sandbox/posts?postId={s.PostId}", new SandboxMetricsDto(
            s.PostId, s.TakenAt.ToUniversalTime(), s.Likes, s.Comments, s.Shares, s.Saves, s.Clicks, s.Impressions, s.Reach, m.Engagements, m.EngagementRate));
    }

    private static async Task<Ok<SandboxRepliesResponse>> RepliesAsync(SandboxQueries sandbox, long? interactionId, CancellationToken ct)
    {
        var items = await sandbox.RepliesAsync(interactionId, ct);
        return TypedResults.Ok(new SandboxRepliesResponse([.. items.Select(r => new SandboxReplyDto(r.InteractionId, r.Text, r.SentAt.ToUniversalTime()))]));
    }

    private static async Task<Ok<SandboxFailuresDto>> FailuresAsync(SandboxFailures failures, CancellationToken ct) =>
        TypedResults.Ok(ToDto(await failures.CurrentAsync(ct)));

    private static async Task<Results<Created<SandboxFailuresDto>, ValidationProblem>> ArmAsync(
        ArmFailuresRequest request, SandboxFailures failures, HttpContext http, CancellationToken ct)
    {
        var (view, errors) = await failures.ArmAsync(request.Mode, request.Count, http.User.ToActor(http), ct);
        return view is null
            ? TypedResults.ValidationProblem(errors, title: "The Sandbox was not armed")
            : TypedResults.Created("/api/sandbox/failures", ToDto(view));
    }

    private static async Task<NoContent> DisarmAsync(SandboxFailures failures, HttpContext http, CancellationToken ct)
    {
        await failures.DisarmAsync(http.User.ToActor(http), ct);
        return TypedResults.NoContent();
    }

    private static SandboxFailuresDto ToDto(SandboxFailuresView v) =>
        new(v.Mode is { } mode ? SandboxFailures.NameOf(mode) : null, v.Remaining, v.Count, v.ArmedBy, v.ArmedAt?.ToUniversalTime());

    private static SandboxPost ToDto(SandboxPublication p) =>
        new(p.Id, p.PostId, p.IdempotencyKey, p.Content, p.Hashtags, p.PublishedAt, SandboxPublisher.UrlOf(p.Id), p.InReplyTo);
}
