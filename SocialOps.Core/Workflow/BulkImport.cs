using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Workflow;

/// <summary>What a check of a file found: the rows read, the problems, and (with none) the posts ready to schedule.</summary>
public sealed record ImportCheck(int Rows, IReadOnlyList<ImportError> Errors, IReadOnlyList<ValidSchedule> Valid)
{
    public bool CanImport => Errors.Count == 0 && Valid.Count > 0;
}

/// <summary>
/// Bulk import of a posts CSV: every row through the same validator as the composer and the API, plus duplicate rows;
/// then all rows are scheduled in one transaction, or none.
/// </summary>
public sealed class BulkImport(IDbContextFactory<SocialOpsDbContext> contexts, ScheduleValidator validator, SchedulingService scheduling)
{
    /// <summary>Rows checked between two progress reports (the page stays responsive on a long file).</summary>
    public const int ChunkSize = 250;

    private static readonly Dictionary<string, string> ColumnOf = new(StringComparer.Ordinal)
    {
        ["platform"] = "platform", ["accountId"] = "account", ["content"] = "content", ["hashtags"] = "hashtags",
        ["mediaReferences"] = "media_url", ["scheduledTime"] = "local_time", ["timeZone"] = "time_zone",
        ["recurrencePattern"] = "recurrence", ["endDate"] = "recurrence", ["maxOccurrences"] = "recurrence",
    };

    private sealed record AccountRef(int Id, Platform Platform, string Name, string? Handle, string TimeZone);

    public async Task<ImportCheck> CheckAsync(ReadOnlyMemory<byte> file, IProgress<int>? progress = null, CancellationToken ct = default)
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

        return await CheckAsync(rows, progress, ct);
    }

    public async Task<ImportCheck> CheckAsync(IReadOnlyList<CsvPostRow> rows, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var accounts = await AccountsAsync(ct);
        var errors = new List<ImportError>();
        var valid = new List<ValidSchedule>(rows.Count);
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
            var request = new ScheduleRequest(
                string.IsNullOrWhiteSpace(row.Platform) ? null : row.Platform, row.Content, row.LocalTime,
                string.IsNullOrWhiteSpace(row.TimeZone) ? account?.TimeZone : row.TimeZone, account?.Id,
                Split(row.Hashtags), string.IsNullOrWhiteSpace(row.Recurrence) ? null : row.Recurrence, MediaReferences: Split(row.MediaUrl));
            var (schedule, problems) = await validator.ValidateAsync(request, ct);
            foreach (var (field, messages) in problems)
            {
                var column = ColumnOf.GetValueOrDefault(field, field);
                if (column == "account" && rowErrors.Any(e => e.Field == "account"))
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
            }

            if ((i + 1) % ChunkSize == 0)
            {
                progress?.Report(i + 1);
                await Task.Yield();
            }
        }

        progress?.Report(rows.Count);
        return new ImportCheck(rows.Count, errors, valid);
    }

    /// <summary>Checks the file and, when every row is valid, schedules them all in one transaction; otherwise nothing.</summary>
    public async Task<(ImportCheck Check, int Scheduled)> ImportAsync(ReadOnlyMemory<byte> file, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var check = await CheckAsync(file, null, ct);
        if (!check.CanImport)
        {
            return (check, 0);
        }

        var results = await scheduling.ScheduleValidatedAsync(check.Valid, actor, "post.import", ct);
        return (check, results.Count);
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
