using System.Text;
using SocialOps.Core.Content;

namespace SocialOps.Core.Workflow;

/// <summary>One post of the schedule in the import's columns (a recurring series is one row, with its pattern), with its first comment and thread.</summary>
public sealed record ExportRow(
    string Platform, string Account, string Content, string LocalTime, string TimeZone, string Hashtags, string MediaUrl, string Recurrence,
    string FirstComment = "", string Thread = "");

/// <summary>
/// The range of an export. A date alone (2030-05-09) is that whole day in each post's own zone, the zone the export writes
/// it in, at either end: from=D&amp;to=D is day D, as a person reads it. A date with a time is an instant (UTC when it carries no
/// offset), and such an end stays exclusive: [from, to).
/// </summary>
public sealed record ExportRange(DateOnly? FromDay = null, DateTimeOffset? From = null, DateOnly? ToDay = null, DateTimeOffset? To = null)
{
    public const string Help = "Give a date (2030-05-09) or a date and time (2030-05-09T15:00:00Z).";

    /// <summary>The range from the query's from and to, or the name of the one that is neither a date nor a date and time.</summary>
    public static (ExportRange? Range, string? Bad) Parse(string? from, string? to)
    {
        if (!TryParse(from, out var fromDay, out var fromAt))
        {
            return (null, "from");
        }

        return TryParse(to, out var toDay, out var toAt) ? (new ExportRange(fromDay, fromAt, toDay, toAt), null) : (null, "to");
    }

    private static bool TryParse(string? text, out DateOnly? day, out DateTimeOffset? at)
    {
        (day, at) = (null, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            day = d;
            return true;
        }

        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var t);
        at = ok ? t.ToUniversalTime() : null;
        return ok;
    }
}

/// <summary>The schedule in the bulk import's columns, so a plan can go out to a spreadsheet and back in.</summary>
public sealed class PostExport(IDbContextFactory<SocialOpsDbContext> contexts)
{
    private static readonly PostStatus[] Exported = [PostStatus.PendingApproval, PostStatus.Scheduled, PostStatus.Retrying];

    /// <summary>Posts waiting to go out in the range, in time order.</summary>
    public async Task<IReadOnlyList<ExportRow>> RowsAsync(ExportRange range, CancellationToken ct = default)
    {
        // A day is judged in each post's own zone, so the database is asked for the day widened by the furthest zones
        // (UTC+14, UTC-12) and the exact test runs below, once the zone is known.
        var from = range.From ?? (range.FromDay is { } first ? Midnight(first).AddHours(-14) : null);
        var to = range.To ?? (range.ToDay is { } last ? Midnight(last.AddDays(1)).AddHours(12) : null);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var posts = await db.Posts.AsNoTracking().Where(p => Exported.Contains(p.Status) && p.ScheduledFor != null)
            .WhereIf(from is not null, p => p.ScheduledFor >= from)
            .WhereIf(to is not null, p => p.ScheduledFor < to)
            .OrderBy(p => p.ScheduledFor).ThenBy(p => p.Id)
            .Select(p => new
            {
                p.Platform, Account = p.Account == null ? "" : p.Account.DisplayName, p.Content, p.ScheduledFor, p.Hashtags, p.MediaReferences,
                Zone = p.Schedule != null ? p.Schedule.TimeZone : p.Account != null ? p.Account.TimeZone : "Etc/UTC",
                p.ScheduleId, Cron = p.Schedule != null && p.Schedule.Kind == ScheduleKind.Recurring ? p.Schedule.CronExpression : null,
                p.FirstComment, Parts = p.Parts.OrderBy(x => x.Index).Select(x => x.Content).ToList(),
            })
            .ToListAsync(ct);
        var seriesSeen = new HashSet<int>();
        var rows = new List<ExportRow>(posts.Count);
        foreach (var p in posts)
        {
            var zone = Zones.Find(p.Zone) ?? TimeZoneInfo.Utc;
            var local = TimeZoneInfo.ConvertTime(p.ScheduledFor!.Value, zone);
            var day = DateOnly.FromDateTime(local.DateTime);
            if (day < range.FromDay || day > range.ToDay) // false for an end not given as a day
            {
                continue;
            }

            if (p.Cron is not null && !seriesSeen.Add(p.ScheduleId!.Value))
            {
                continue;
            }

            rows.Add(new ExportRow(p.Platform.ToString().ToLowerInvariant(), p.Account, p.Content, local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), zone.Id,
                string.Join(' ', p.Hashtags), string.Join(' ', p.MediaReferences), p.Cron ?? "", p.FirstComment ?? "",
                string.Join($"\n{PostCsv.PartSeparator}\n", p.Parts)));
        }

        return rows;
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// The rows as CSV: UTF-8 with a byte-order mark (spreadsheets then read it as UTF-8), every cell escaped; the import's
    /// columns, then <c>first_comment</c> and <c>thread</c> (parts between lines of <c>---</c>), so a thread comes back whole.
    /// </summary>
    public static byte[] ToCsv(IEnumerable<ExportRow> rows)
    {
        var text = new StringBuilder(string.Join(',', [.. PostCsv.Columns, "first_comment", "thread"])).Append("\r\n");
        foreach (var r in rows)
        {
            text.AppendJoin(',', new[] { r.Platform, r.Account, r.Content, r.LocalTime, r.TimeZone, r.Hashtags, r.MediaUrl, r.Recurrence, r.FirstComment, r.Thread }
                .Select(c => PostCsv.Escape(c))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
