using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Workflow;

/// <summary>What a check of a file found: the rows read, the problems, and (with none) the posts ready to schedule.</summary>
public sealed record ImportCheck(int Rows, IReadOnlyList<ImportError> Errors, IReadOnlyList<ValidSchedule> Valid)
{
    public bool CanImport => Errors.Count == 0 && Valid.Count > 0;

    /// <summary>Rows that may be scheduled but look like another post on their account (see <see cref="DuplicateCheck"/>).</summary>
    public IReadOnlyList<ImportError> Warnings { get; init; } = [];

    /// <summary>Errors that are duplicates on a platform that refuses them: confirming (<see cref="ImportOptions.ConfirmDuplicates"/>) lets them through.</summary>
    public int RefusedDuplicates { get; init; }
}

/// <summary>
/// How to import: the date format of <c>local_time</c> cells not in ISO 8601 (a row's <c>date_format</c> wins), and an
/// idempotency key: the same key with the same file answers as the first time and schedules nothing again.
/// </summary>
public sealed record ImportOptions(string? DateFormat = null, string? IdempotencyKey = null, bool ConfirmDuplicates = false);

public enum ImportOutcome
{
    /// <summary>Every row was scheduled.</summary>
    Scheduled,

    /// <summary>The file has errors: nothing was scheduled.</summary>
    Refused,

    /// <summary>The key was used for this same file before: its answer again, nothing new scheduled.</summary>
    Replayed,

    /// <summary>The key was used for another file (or date format): nothing was scheduled.</summary>
    KeyReused,
}

public sealed record ImportResult(ImportCheck Check, int Scheduled, ImportOutcome Outcome);

/// <summary>
/// Bulk import of a posts CSV: every row through the same validator as the composer and the API, plus duplicate rows;
/// then all rows are scheduled in one transaction, or none.
/// </summary>
public sealed class BulkImport(
    IDbContextFactory<SocialOpsDbContext> contexts, ScheduleValidator validator, SchedulingService scheduling, DuplicateCheck duplicates, TimeProvider time)
{
    /// <summary>Rows checked between two progress reports (the page stays responsive on a long file).</summary>
    public const int ChunkSize = 250;

    private static readonly Dictionary<string, string> ColumnOf = new(StringComparer.Ordinal)
    {
        ["platform"] = "platform", ["accountId"] = "account", ["content"] = "content", ["hashtags"] = "hashtags",
        ["mediaReferences"] = "media_url", ["scheduledTime"] = "local_time", ["timeZone"] = "time_zone",
        ["recurrencePattern"] = "recurrence", ["endDate"] = "recurrence", ["maxOccurrences"] = "recurrence",
        ["firstComment"] = "first_comment",
    };

    private static readonly ImportCheck NoFile = new(0, [], []);

    private sealed record AccountRef(int Id, Platform Platform, string Name, string? Handle, string TimeZone);

    public async Task<ImportCheck> CheckAsync(
        ReadOnlyMemory<byte> file, string? dateFormat = null, IProgress<int>? progress = null, bool confirmDuplicates = false, CancellationToken ct = default)
    {
        var (rows, fileErrors) = PostCsv.Read(file.Span);
        if (fileErrors.Count > 0)
        {
            return new ImportCheck(0, fileErrors, []);
        }

        if (rows.Count == 0)
        {
            return new ImportCheck(0, [new ImportError(0, "file", "The file has a header but no posts.")], []);
        }

        return await CheckAsync(rows, dateFormat, progress, confirmDuplicates, ct);
    }

    /// <summary>Checks rows read already; <paramref name="dateFormat"/> is how <c>local_time</c> is written when not in ISO 8601 (null: ISO 8601 only), unless a row names its own.</summary>
    public async Task<ImportCheck> CheckAsync(
        IReadOnlyList<CsvPostRow> rows, string? dateFormat = null, IProgress<int>? progress = null, bool confirmDuplicates = false, CancellationToken ct = default)
    {
        string? chosenProblem = null;
        var chosen = string.IsNullOrWhiteSpace(dateFormat) ? null : DateFormat.Parse(dateFormat, out chosenProblem);
        if (chosenProblem is not null)
        {
            return new ImportCheck(rows.Count, [new ImportError(0, "date_format", chosenProblem!)], []);
        }

        var accounts = await AccountsAsync(ct);
        var errors = new List<ImportError>();
        var valid = new List<ValidSchedule>(rows.Count);
        var validRows = new List<int>(rows.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var rowErrors = new List<ImportError>();
            foreach (var column in row.Formulas ?? [])
            {
                rowErrors.Add(new ImportError(row.Row, column,
                    "Starts with '=', a spreadsheet formula: type the text itself, or begin it with an apostrophe ('=) to keep the sign."));
            }

            var account = ResolveAccount(row, accounts, rowErrors);
            var format = ReadFormat(row, chosen, rowErrors);
            var request = new ScheduleRequest(
                string.IsNullOrWhiteSpace(row.Platform) ? null : row.Platform, row.Content, row.LocalTime,
                string.IsNullOrWhiteSpace(row.TimeZone) ? account?.TimeZone : row.TimeZone, account?.Id,
                Split(row.Hashtags), string.IsNullOrWhiteSpace(row.Recurrence) ? null : row.Recurrence, MediaReferences: Split(row.MediaUrl),
                Thread: row.ThreadParts(), FirstComment: string.IsNullOrWhiteSpace(row.FirstComment) ? null : row.FirstComment);
            var (schedule, problems) = await validator.ValidateAsync(request, format, ct);
            foreach (var (field, messages) in problems)
            {
                var column = field.StartsWith("thread", StringComparison.Ordinal) ? "thread" : ColumnOf.GetValueOrDefault(field, field);
                if (column is "account" or "local_time" && rowErrors.Any(e => e.Field == column || (column == "local_time" && e.Field == "date_format")))
                {
                    continue;
                }

                rowErrors.AddRange(messages.Select(m => new ImportError(row.Row, column, m)));
            }

            var key = string.Join('\u001f', row.Platform.ToLowerInvariant(), account?.Id, row.Account.ToLowerInvariant(), row.Content,
                schedule?.FirstRun.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? row.LocalTime, row.Recurrence.Trim());
            if (seen.TryGetValue(key, out var first))
            {
                rowErrors.Add(new ImportError(row.Row, "row", $"The same post as row {first} (same account, text and time)."));
            }
            else
            {
                seen[key] = row.Row;
            }

            errors.AddRange(rowErrors);
            if (schedule is not null && rowErrors.Count == 0)
            {
                valid.Add(schedule);
                validRows.Add(row.Row);
            }

            if ((i + 1) % ChunkSize == 0)
            {
                progress?.Report(i + 1);
                await Task.Yield();
            }
        }

        progress?.Report(rows.Count);
        var (warnings, refused) = await DuplicatesAsync(valid, validRows, confirmDuplicates, errors, ct);
        return new ImportCheck(rows.Count, errors, valid) { Warnings = warnings, RefusedDuplicates = refused };
    }

    // Rows like another post on their account (or an earlier row): warnings, or errors where the platform refuses them.
    private async Task<(List<ImportError> Warnings, int Refused)> DuplicatesAsync(
        List<ValidSchedule> valid, List<int> validRows, bool confirmed, List<ImportError> errors, CancellationToken ct)
    {
        var found = await duplicates.FindAsync([.. valid.Select(v => (v.Platform, v.AccountId, DuplicateText.Published(v.Content, v.Hashtags), v.FirstRun))], ct: ct);
        var warnings = new List<ImportError>();
        var refused = 0;
        for (var i = 0; i < valid.Count; i++)
        {
            foreach (var match in found[i])
            {
                if (DuplicateCheck.Refused(valid[i].Platform) && match.Exact && !confirmed)
                {
                    errors.Add(new ImportError(validRows[i], "content", $"{match.Describe()} {DuplicateCheck.RefusalAdvice(valid[i].Platform)}"));
                    refused++;
                    break;
                }

                warnings.Add(new ImportError(validRows[i], "content", match.Describe()));
            }
        }

        return (warnings, refused);
    }

    /// <summary>
    /// Checks the file and, when every row is valid, schedules them all in one transaction; otherwise nothing. With an
    /// idempotency key the receipt is written in that same transaction, and a key seen before answers from its receipt.
    /// </summary>
    public async Task<ImportResult> ImportAsync(ReadOnlyMemory<byte> file, Actor actor, ImportOptions? options = null, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        options ??= new ImportOptions();
        ImportReceipt? receipt = null;
        if (!string.IsNullOrWhiteSpace(options.IdempotencyKey))
        {
            receipt = new ImportReceipt
            {
                Owner = ImportReceipt.OwnerOf(actor), Key = options.IdempotencyKey.Trim(),
                RequestHash = ImportReceipt.HashOf(file.Span, options.DateFormat), CreatedAt = time.GetUtcNow(),
            };
            if (await ReceiptAnswerAsync(receipt, forget: true, ct) is { } earlier)
            {
                return earlier;
            }
        }

        var check = await CheckAsync(file, options.DateFormat, null, options.ConfirmDuplicates, ct);
        if (!check.CanImport)
        {
            return new ImportResult(check, 0, ImportOutcome.Refused);
        }

        if (receipt is not null)
        {
            receipt.Scheduled = check.Valid.Count;
        }

        try
        {
            var results = await scheduling.ScheduleValidatedAsync(check.Valid, actor, "post.import", receipt is null ? null : [receipt], ct);
            return new ImportResult(check, results.Count, ImportOutcome.Scheduled);
        }
        catch (DbUpdateException) when (receipt is not null)
        {
            // The same key committed meanwhile (a concurrent retry): the unique index refused this one, and its posts with it.
            if (await ReceiptAnswerAsync(receipt, forget: false, ct) is { } meanwhile)
            {
                return meanwhile;
            }

            throw;
        }
    }

    /// <summary>The answer an earlier import under the receipt's key gave, or null when the key is new (or forgotten).</summary>
    private async Task<ImportResult?> ReceiptAnswerAsync(ImportReceipt receipt, bool forget, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (forget)
        {
            var before = time.GetUtcNow() - ImportReceipt.Retention;
            await db.ImportReceipts.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(ct);
        }

        var earlier = await db.ImportReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.Owner == receipt.Owner && r.Key == receipt.Key, ct);
        return earlier is null ? null
            : earlier.RequestHash == receipt.RequestHash ? new ImportResult(NoFile, earlier.Scheduled, ImportOutcome.Replayed)
            : new ImportResult(NoFile, 0, ImportOutcome.KeyReused);
    }

    /// <summary>The row's own date format, else the import's; a row's format that is no format is a row error.</summary>
    private static DateFormat? ReadFormat(CsvPostRow row, DateFormat? chosen, List<ImportError> errors)
    {
        if (!string.IsNullOrWhiteSpace(row.DateFormat))
        {
            var own = DateFormat.Parse(row.DateFormat, out var problem);
            if (own is null)
            {
                errors.Add(new ImportError(row.Row, "date_format", problem!));
            }

            return own;
        }

        var written = row.LocalTime.Trim();
        if (chosen is null && written.Length > 0 && !DateFormat.IsIso(written))
        {
            errors.Add(new ImportError(row.Row, "local_time",
                $"'{written}' is not ISO 8601, and without a date format it is ambiguous (05.01.2027 is 5 January in some places and 1 May in others). " +
                "Write it as 2027-01-05 09:00, or name the format in a date_format column or in the import's date format."));
        }

        return chosen;
    }

    private static List<string> Split(string cell) =>
        [.. cell.Split([' ', ',', ';', '\n', '\r', '\t', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static AccountRef? ResolveAccount(CsvPostRow row, IReadOnlyList<AccountRef> accounts, List<ImportError> errors)
    {
        var name = row.Account.Trim();
        if (name.Length == 0)
        {
            return null; // the validator picks the platform's only account, or says there are several
        }

        var platform = Enum.TryParse<Platform>(row.Platform, ignoreCase: true, out var p) && Enum.IsDefined(p) && !int.TryParse(row.Platform, out _) ? p : (Platform?)null;
        var candidates = accounts.Where(a => platform is null || platform == Platform.Sandbox || a.Platform == platform).ToList();
        var matches = int.TryParse(name, out var id)
            ? candidates.Where(a => a.Id == id).ToList()
            : candidates.Where(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(a.Handle?.TrimStart('@'), name.TrimStart('@'), StringComparison.OrdinalIgnoreCase)).ToList();
        switch (matches.Count)
        {
            case 1:
                return matches[0];
            case 0:
                errors.Add(new ImportError(row.Row, "account", $"No connected {(platform is { } known ? known.ToString() : "")} account is called '{name}'.".Replace("  ", " ", StringComparison.Ordinal)));
                return null;
            default:
                errors.Add(new ImportError(row.Row, "account", $"{matches.Count} accounts are called '{name}': use the account's id instead."));
                return null;
        }
    }

    private async Task<IReadOnlyList<AccountRef>> AccountsAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.PlatformAccounts.AsNoTracking().Where(a => a.IsActive && a.RemovedAt == null)
            .Select(a => new AccountRef(a.Id, a.Platform, a.DisplayName, a.Handle, a.TimeZone)).ToListAsync(ct);
    }
}
