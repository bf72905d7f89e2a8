using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialOps.Core.Calendar;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Workflow;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

/// <summary>Drafts, posting queues, approvals, and CSV import and export of the schedule.</summary>
public static class WorkflowApi
{
    /// <summary>The largest CSV the import reads: room for 10,000 posts, and a clear answer above that.</summary>
    public const long MaxImportBytes = 16 * 1024 * 1024;

    /// <summary>The header that makes an import safe to retry: the same key and file answer as the first time.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    public sealed record ImportReport(int Rows, IReadOnlyList<ImportError> Errors, IReadOnlyList<ImportError> Warnings);

    public sealed record ImportDone(int Scheduled, IReadOnlyList<ImportError> Warnings);

    public sealed record DraftRequest(string? Platform, string? Content, int? AccountId = null, List<string>? Hashtags = null,
        List<string>? MediaReferences = null, string? ScheduledTime = null, string? TimeZone = null, List<string>? Thread = null, string? FirstComment = null);

    public sealed record DraftUpdate(string? Content, List<string>? Hashtags = null);

    public sealed record DraftCreated(int Id, string Status);

    public sealed record SlotsBody(List<string>? Slots);

    public sealed record SlotsView(int AccountId, string TimeZone, IReadOnlyList<string> Slots);

    public static RouteGroupBuilder MapWorkflowApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduler").WithTags("Publishing workflow").RequireRateLimiting(SecurityHosting.ApiLimit);
        var edit = group.MapGroup("").RequireAuthorization(Policies.Editor);
        var approve = group.MapGroup("").RequireAuthorization(Policies.Approver);
        var admin = group.MapGroup("").RequireAuthorization(Policies.Admin);

        edit.MapPost("/bulk-import", ImportAsync).Accepts<string>("text/csv", "multipart/form-data").WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes))
            .WithSummary("Import posts from a CSV body (platform, account, content, local_time, time_zone, hashtags, media_url, recurrence): " +
                "dryRun=true reports every row's problems; otherwise all rows are scheduled in one transaction, or none. dateFormat (e.g. DD.MM.YYYY HH:mm) " +
                "reads local_time cells not in ISO 8601; an Idempotency-Key header makes a retry answer as the first call (a reused key with another file: 422).");
        edit.MapGet("/export", ExportAsync).WithSummary("The schedule in the import's columns, as csv (default) or json. " +
            "from and to as dates (2030-05-09) are whole days in each post's zone, both included; with a time they are [from, to).");

        edit.MapGet("/drafts", ListDraftsAsync).WithSummary("Drafts, newest first (unplanned=true: only those without a planned time).");
        edit.MapPost("/drafts", CreateDraftAsync).WithSummary("Save a draft: checked like a post, no time needed.");
        edit.MapPut("/drafts/{id:int}", UpdateDraftAsync).WithSummary("Change a draft's content and hashtags.");
        edit.MapDelete("/drafts/{id:int}", DeleteDraftAsync).WithSummary("Delete a draft.");
        edit.MapPost("/drafts/{id:int}/queue", QueueDraftAsync).WithSummary("Send a draft to its account's queue (shareNext=true: first in line).");

        edit.MapPost("/queue", QueueAsync).WithSummary("Put a post into its account's next free queue slot (shareNext: the first).");
        edit.MapGet("/queue/{accountId:int}", ListQueueAsync).WithSummary("An account's queued posts in order, with their slot times.");
        edit.MapGet("/queue/{accountId:int}/slots", SlotsAsync).WithSummary("An account's weekly queue slots, in its time zone.");
        admin.MapPut("/queue/{accountId:int}/slots", SetSlotsAsync).WithSummary("Replace an account's weekly queue slots (e.g. \"Mon 09:00\").");

        approve.MapGet("/approvals", (Approvals approvals, CancellationToken ct) => approvals.PendingAsync(ct))
            .WithSummary("Posts waiting for approval, with the version to approve.");
        approve.MapPost("/approvals/{id:int}/approve", ApproveAsync).WithSummary("Approve the reviewed version of a post (with a new time if its own has passed).");
        approve.MapPost("/approvals/{id:int}/reject", RejectAsync).WithSummary("Send a post back to its author as a draft, with a comment.");
        return group;
    }

    private static async Task<Results<Ok<ImportReport>, Created<ImportDone>, ProblemHttpResult, ValidationProblem>> ImportAsync(
        HttpRequest request, BulkImport import, CancellationToken ct, [FromQuery] bool dryRun = false, [FromQuery] string? dateFormat = null,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey = null, [FromQuery] bool confirmDuplicates = false)
    {
        ReadOnlyMemory<byte> file;
        if (request.HasFormContentType)
        {
            // A form (curl -F file=@plan.csv -F dateFormat=…): the file and, optionally, its date format.
            var form = await request.ReadFormAsync(ct);
            if (form.Files.Count != 1)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send one CSV file (field \"file\")."] });
            }

            using var upload = new MemoryStream();
            await form.Files[0].CopyToAsync(upload, ct);
            file = upload.ToArray();
            dateFormat = string.IsNullOrWhiteSpace(dateFormat) ? (string?)form["dateFormat"] ?? (string?)form["date_format"] : dateFormat;
        }
        else
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            file = buffer.ToArray();
        }

        if (!string.IsNullOrWhiteSpace(dateFormat) && DateFormat.Parse(dateFormat, out var formatProblem) is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["dateFormat"] = [formatProblem!] });
        }

        if (dryRun)
        {
            var check = await import.CheckAsync(file, dateFormat, null, confirmDuplicates, ct);
            return TypedResults.Ok(new ImportReport(check.Rows, check.Errors, check.Warnings));
        }

        if (idempotencyKey is not null && (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Trim().Length > ImportReceipt.MaxKeyLength))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [IdempotencyHeader] = [$"Send a key of 1 to {ImportReceipt.MaxKeyLength} characters (a new UUID per file, the same one when retrying)."],
            });
        }

        var result = await import.ImportAsync(file, request.HttpContext.User.ToActor(request.HttpContext), new ImportOptions(dateFormat, idempotencyKey, confirmDuplicates), ct);
        return result.Outcome switch
        {
            ImportOutcome.Scheduled or ImportOutcome.Replayed => TypedResults.Created("/api/scheduler/scheduled-posts", new ImportDone(result.Scheduled, result.Check.Warnings)),
            ImportOutcome.KeyReused => TypedResults.Problem(
                $"This {IdempotencyHeader} was used for a different file (or date format) in the last {ImportReceipt.Retention.TotalHours:0} hours. " +
                "Send a new key for a new file.",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused"),
            _ => TypedResults.Problem(
                $"Nothing was imported: {result.Check.Errors.Count} problem(s) in the file. Fix them and send it again.",
                statusCode: StatusCodes.Status400BadRequest, title: "The file has errors",
                extensions: new Dictionary<string, object?> { ["rows"] = result.Check.Rows, ["errors"] = result.Check.Errors }),
        };
    }

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<IReadOnlyList<ExportRow>>, ValidationProblem>> ExportAsync(
        PostExport export, string? from, string? to, string? format, CancellationToken ct)
    {
        var kind = (format ?? "csv").Trim().ToLowerInvariant();
        if (kind is not ("csv" or "json"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Use csv or json."] });
        }

        var (range, bad) = ExportRange.Parse(from, to);
        if (range is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [bad!] = [ExportRange.Help] });
        }

        var rows = await export.RowsAsync(range, ct);
        return kind == "json"
            ? TypedResults.Json(rows, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
            : TypedResults.File(PostExport.ToCsv(rows), "text/csv; charset=utf-8", "schedule.csv");
    }

    private static async Task<Ok<IReadOnlyList<DraftItem>>> ListDraftsAsync(Drafts drafts, CancellationToken ct, [FromQuery] bool unplanned = false) =>
        TypedResults.Ok(await drafts.ListAsync(unplanned, 200, ct));

    private static async Task<Results<Created<DraftCreated>, ValidationProblem>> CreateDraftAsync(
        DraftRequest body, PostPlanner planner, HttpContext http, CancellationToken ct)
    {
        var (id, errors) = await planner.SaveDraftAsync(new ScheduleRequest(body.Platform, body.Content, body.ScheduledTime, body.TimeZone, body.AccountId,
            body.Hashtags, MediaReferences: body.MediaReferences, Thread: body.Thread, FirstComment: body.FirstComment), http.User.ToActor(http), ct);
        return id is { } created ? TypedResults.Created($"/api/scheduler/drafts/{created}", new DraftCreated(created, "Draft")) : TypedResults.ValidationProblem(errors);
    }

    private static async Task<Results<Ok<ScheduledResult>, NotFound, ValidationProblem>> UpdateDraftAsync(
        int id, DraftUpdate body, Drafts drafts, SchedulingService scheduling, HttpContext http, CancellationToken ct)
    {
        if (!await drafts.IsDraftAsync(id, ct))
        {
            return TypedResults.NotFound();
        }

        var (result, errors) = await scheduling.RescheduleAsync(id, new RescheduleRequest(null, null, body.Content ?? "", body.Hashtags ?? []), http.User.ToActor(http), ct);
        return result is not null ? TypedResults.Ok(result) : TypedResults.ValidationProblem(errors);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteDraftAsync(int id, Drafts drafts, HttpContext http, CancellationToken ct) =>
        await drafts.DeleteAsync(id, http.User.ToActor(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Created<ScheduledResult>, ValidationProblem>> QueueDraftAsync(
        int id, PostingQueues queues, HttpContext http, CancellationToken ct, [FromQuery] bool shareNext = false)
    {
        var (result, errors) = await queues.AddDraftAsync(id, shareNext, http.User.ToActor(http), ct);
        return result is not null ? TypedResults.Created($"/api/scheduler/scheduled-posts?id={result.Id}", result) : TypedResults.ValidationProblem(errors);
    }

    private static async Task<Results<Created<ScheduledResult>, ValidationProblem>> QueueAsync(
        QueueRequest body, PostingQueues queues, HttpContext http, CancellationToken ct)
    {
        var (result, errors) = await queues.AddAsync(body, http.User.ToActor(http), ct);
        return result is not null ? TypedResults.Created($"/api/scheduler/scheduled-posts?id={result.Id}", result) : TypedResults.ValidationProblem(errors);
    }

    private static async Task<Ok<IReadOnlyList<QueuedPost>>> ListQueueAsync(int accountId, PostingQueues queues, CancellationToken ct) =>
        TypedResults.Ok(await queues.ListAsync(accountId, ct));

    private static async Task<Results<Ok<SlotsView>, NotFound>> SlotsAsync(int accountId, PostingQueues queues, CancellationToken ct) =>
        await queues.SlotsAsync(accountId, ct) is { } view ? TypedResults.Ok(new SlotsView(accountId, view.TimeZone, view.Slots)) : TypedResults.NotFound();

    private static async Task<Results<Ok<SlotsView>, NotFound, ValidationProblem>> SetSlotsAsync(
        int accountId, SlotsBody body, PostingQueues queues, HttpContext http, CancellationToken ct)
    {
        var errors = await queues.SetSlotsAsync(accountId, body.Slots ?? [], http.User.ToActor(http), ct);
        if (errors.ContainsKey("accountId"))
        {
            return TypedResults.NotFound();
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await queues.SlotsAsync(accountId, ct) is { } view ? new SlotsView(accountId, view.TimeZone, view.Slots) : new SlotsView(accountId, "Etc/UTC", []));
    }

    private static async Task<Results<Ok<ScheduledResult>, NotFound, ValidationProblem>> ApproveAsync(
        int id, ApproveRequest body, Approvals approvals, HttpContext http, CancellationToken ct) =>
        await approvals.ApproveAsync(id, body, http.User.ToActor(http), ct) switch
        {
            null => TypedResults.NotFound(),
            ({ } result, _) => TypedResults.Ok(result),
            (_, var errors) => TypedResults.ValidationProblem(errors),
        };

    private static async Task<Results<Ok<ScheduledResult>, NotFound, ValidationProblem>> RejectAsync(
        int id, RejectRequest body, Approvals approvals, HttpContext http, CancellationToken ct) =>
        await approvals.RejectAsync(id, body, http.User.ToActor(http), ct) switch
        {
            null => TypedResults.NotFound(),
            ({ } result, _) => TypedResults.Ok(result),
            (_, var errors) => TypedResults.ValidationProblem(errors),
        };
}
