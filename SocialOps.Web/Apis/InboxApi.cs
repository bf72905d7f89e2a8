using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class InboxApi
{
    /// <summary>
    /// One inbox item as the API shows it; enum values by their wire names, <c>state</c> one of open, replied, handled,
    /// escalated; <c>replyStatus</c> where its latest reply stands (sending, sent, failed, unconfirmed) or null; <c>engine</c>
    /// what read it (model, rules, ai, person where a teammate set what no engine read, or none for a language no engine
    /// read: then sentiment, score and confidence are null).
    /// </summary>
    public sealed record InboxItemDto(
        long Id, string Platform, int? AccountId, string Author, string? AuthorHandle, string Text, string? Sentiment, double? Score,
        double? Confidence, string? Intent, string? Priority, string? SuggestedReply, string State, DateTimeOffset ReceivedAtUtc, int? PostId,
        string? AssignedToId, string? ReplyStatus, string? Engine);

    public sealed record InboxResponse(IReadOnlyList<InboxItemDto> Items, int Total);

    public sealed record ReplyRequest(string? Text);

    public sealed record StateRequest(string? State, string? Note);

    public sealed record AssignRequest(string? UserId);

    public sealed record CorrectionRequest(string? Sentiment, string? Intent);

    public sealed record ImportResponse(int Rows, int Added, int Duplicates);

    public static RouteGroupBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inbox").WithTags("Inbox").RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapGet("", ListAsync)
            .WithSummary("The queue: open items first, then by priority (urgent complaints, queries and purchase intent, praise, the rest), newest first. Filters: state (open, replied, handled, escalated), platform, sentiment, intent, priority, assignee (a user id or none), accountId, from, to, q (text or author); page from 1, pageSize up to 200.");
        group.MapGet("/corrections.csv", CorrectionsAsync).WithSummary("Every sentiment or intent correction, as CSV training data.");
        var editor = group.MapGroup("").RequireAuthorization(Policies.Editor);
        group.MapGet("/{id:long}", GetAsync).WithSummary("One item, with where its latest reply stands (replyStatus).");
        editor.MapPost("/{id:long}/reply", ReplyAsync)
            .WithSummary("Send a reply through the item's connection (the Sandbox records it); the same text for the same item is sent once. Answers the item, now replied; "
                + "202 with the item unchanged and replyStatus unconfirmed when the platform's answer was lost. Asked again, the platform is checked first: found, the reply is recorded as sent; "
                + "where it cannot tell, 409 and nothing is sent until someone checks (reply/send-again, reply/mark-sent).");
        editor.MapPost("/{id:long}/reply/send-again", ReplyAgainAsync)
            .WithSummary("For an unconfirmed reply, after checking the platform: send it again under the same key (the platform is asked once more first).");
        editor.MapPost("/{id:long}/reply/mark-sent", MarkReplySentAsync)
            .WithSummary("For an unconfirmed reply, after finding it on the platform: record it as sent and the item as replied.");
        editor.MapPost("/{id:long}/state", StateAsync).WithSummary("Mark handled, escalate (with a note) or reopen.");
        editor.MapPost("/{id:long}/assign", AssignAsync).WithSummary("Assign to a teammate (their user id), or to nobody with null.");
        editor.MapPost("/{id:long}/reanalyse", ReanalyseAsync).WithSummary("Run the sentiment engine again over the item.");
        editor.MapPost("/{id:long}/correction", CorrectAsync).WithSummary("Correct the sentiment and intent; stored as training data.");
        editor.MapPost("/import", ImportAsync)
            .WithSummary($"Import comments from a CSV body (text/csv: platform,author,text,time[,post_link]); at most {InboxImport.MaxRows} rows; one bad row imports nothing; rows already imported are skipped.");
        return group;
    }

    public static InboxItemDto ToDto(InboxItem i)
    {
        var read = i.Engine != AnalysisEngine.None;
        return new(
            i.Id, i.Platform.ToString().ToLowerInvariant(), i.AccountId, i.AuthorName, i.AuthorHandle, i.Text, read ? i.Sentiment?.Name() : null, read ? i.Score : null,
            read ? i.Confidence : null, i.Intent?.Name(), i.Priority?.Name(), i.SuggestedReply, i.State.Name(), i.ReceivedAt.ToUniversalTime(), i.PostId, i.AssignedToId,
            i.Reply?.ToString().ToLowerInvariant(), i.Engine?.Name());
    }

    private static async Task<Results<Ok<InboxResponse>, ValidationProblem>> ListAsync(
        InboxQueries queries, string? state, string? platform, string? sentiment, string? intent, string? priority, string? assignee,
        int? accountId, DateTimeOffset? from, DateTimeOffset? to, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = new InboxFilter(
            State: Parse<HandledState>(state, "state", errors, s => InboxStates.TryParse(s, out var v) ? v : null, "open, replied, handled, escalated"),
            Platform: Parse<Platform>(platform, "platform", errors, s => Enum.TryParse<Platform>(s, true, out var v) && !int.TryParse(s, out _) ? v : null, "mastodon, bluesky, x, …"),
            AccountId: accountId,
            Sentiment: Parse<SentimentLabel>(sentiment, "sentiment", errors, LabelOf, "positive, neutral, negative"),
            Intent: Parse<Intent>(intent, "intent", errors, s => IntentNames.TryParse(s, out var v) ? v : null, "query, complaint, praise, purchase_intent, none"),
            Priority: Parse<ResponsePriority>(priority, "priority", errors, PriorityOf, "urgent, high, medium, low"),
            AssigneeId: string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim(), From: from, To: to, Query: q);
        if (page is < 1)
        {
            errors["page"] = ["page starts at 1."];
        }

        if (pageSize is < 1 or > InboxQueries.MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize is between 1 and {InboxQueries.MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The filter is not valid.");
        }

        var result = await queries.SearchAsync(filter, page ?? 1, pageSize ?? 50, ct);
        return TypedResults.Ok(new InboxResponse([.. result.Items.Select(ToDto)], result.Total));
    }

    private static SentimentLabel? LabelOf(string name) =>
        Enum.GetValues<SentimentLabel>().Cast<SentimentLabel?>().FirstOrDefault(l => string.Equals(l!.Value.Name(), name, StringComparison.OrdinalIgnoreCase));

    private static ResponsePriority? PriorityOf(string name) =>
        Enum.GetValues<ResponsePriority>().Cast<ResponsePriority?>().FirstOrDefault(p => string.Equals(p!.Value.Name(), name, StringComparison.OrdinalIgnoreCase));

    private static T? Parse<T>(string? value, string field, Dictionary<string, string[]> errors, Func<string, T?> parse, string allowed)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parsed = parse(value.Trim());
        if (parsed is null)
        {
            errors[field] = [$"Unknown {field} '{value}'; use one of {allowed}."];
        }

        return parsed;
    }

    private static async Task<IResult> GetAsync(long id, InboxQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } item ? TypedResults.Ok(ToDto(item)) : TypedResults.Problem($"There is no inbox item {id}.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> ReplyAsync(long id, ReplyRequest request, InboxService inbox, HttpContext http, CancellationToken ct) =>
        Answer(await inbox.ReplyAsync(id, request.Text, http.User.ToActor(http), ct), "The reply was not sent");

    private static async Task<IResult> ReplyAgainAsync(long id, InboxService inbox, HttpContext http, CancellationToken ct) =>
        Answer(await inbox.ReplyAgainAsync(id, http.User.ToActor(http), ct), "The reply was not sent again");

    private static async Task<IResult> MarkReplySentAsync(long id, InboxService inbox, HttpContext http, CancellationToken ct) =>
        Answer(await inbox.MarkReplySentAsync(id, http.User.ToActor(http), ct), "The reply was not marked as sent");

    private static async Task<IResult> StateAsync(long id, StateRequest request, InboxService inbox, HttpContext http, CancellationToken ct)
    {
        if (!InboxStates.TryParse(request.State, out var state))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["state is one of handled, escalated, open."] });
        }

        return Answer(await inbox.SetStateAsync([id], state, request.Note, http.User.ToActor(http), ct), "The state was not changed");
    }

    private static async Task<IResult> AssignAsync(long id, AssignRequest request, InboxService inbox, HttpContext http, CancellationToken ct) =>
        Answer(await inbox.AssignAsync([id], request.UserId, http.User.ToActor(http), ct), "The item was not assigned");

    private static async Task<IResult> ReanalyseAsync(long id, InboxService inbox, HttpContext http, CancellationToken ct) =>
        Answer(await inbox.ReanalyseAsync(id, http.User.ToActor(http), ct), "The item was not analysed");

    private static async Task<IResult> CorrectAsync(long id, CorrectionRequest request, InboxService inbox, HttpContext http, CancellationToken ct)
    {
        var label = LabelOf(request.Sentiment?.Trim() ?? "");
        if (label is null || !IntentNames.TryParse(request.Intent?.Trim() ?? "", out var intent))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [label is null ? "sentiment" : "intent"] = [label is null ? "sentiment is one of positive, neutral, negative." : "intent is one of query, complaint, praise, purchase_intent, none."],
            });
        }

        return Answer(await inbox.CorrectAsync(id, label.Value, intent, http.User.ToActor(http), ct), "The correction was not stored");
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, InboxImport import, HttpContext http, CancellationToken ct)
    {
        var result = await import.ImportAsync(request.Body, http.User.ToActor(http), ct);
        return result.Ok
            ? TypedResults.Ok(new ImportResponse(result.Rows, result.Added, result.Duplicates))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [.. result.Errors] }, detail: result.Errors[0], title: "Nothing was imported");
    }

    private static async Task CorrectionsAsync(InboxService inbox, HttpContext http, CancellationToken ct)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"sentiment-corrections.csv\"";
        await http.Response.WriteAsync(CorrectionsCsv(await inbox.CorrectionsAsync(ct)), new UTF8Encoding(true), ct);
    }

    /// <summary>The corrections as training rows (text, sentiment, intent), with what the engine had said.</summary>
    public static string CorrectionsCsv(IReadOnlyList<SentimentCorrection> rows)
    {
        var csv = new StringBuilder("\uFEFFtext,sentiment,intent,previous_sentiment,previous_intent,corrected_at_utc\r\n");
        foreach (var c in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{CsvExport.Text(c.Text)},{c.Label.Name()},{c.Intent.Name()},{c.PreviousLabel?.Name()},{c.PreviousIntent?.Name()},{c.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\r\n");
        }

        return csv.ToString();
    }

    private static IResult Answer(InboxOutcome outcome, string title) => outcome.Failure switch
    {
        InboxFailure.None => TypedResults.Ok(ToDto(outcome.Item!)),
        InboxFailure.Unconfirmed when outcome.Item is { } item => TypedResults.Accepted($"/api/inbox/{item.Id}", ToDto(item)),
        InboxFailure.NotFound => TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status404NotFound, title: title),
        InboxFailure.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [outcome.Field ?? "body"] = [outcome.Message!] }, detail: outcome.Message, title: title),
        InboxFailure.Conflict => TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status409Conflict, title: title),
        _ => TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status502BadGateway, title: title),
    };
}
