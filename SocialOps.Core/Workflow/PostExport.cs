using System.Text;
using SocialOps.Core.Content;

namespace SocialOps.Core.Workflow;

/// <summary>One post of the schedule in the import's columns (a recurring series is one row, with its pattern).</summary>
public sealed record ExportRow(string Platform, string Account, string Content, string LocalTime, string TimeZone, string Hashtags, string MediaUrl, string Recurrence);

/// <summary>The schedule in the bulk import's columns, so a plan can go out to a spreadsheet and back in.</summary>
public sealed class PostExport(IDbContextFactory<SocialOpsDbContext> contexts)
{
    private static readonly PostStatus[] Exported = [PostStatus.PendingApproval, PostStatus.Scheduled, PostStatus.Retrying];

    /// <summary>Posts waiting to go out in [from, to), in time order.</summary>
    public async Task<IReadOnlyList<ExportRow>> RowsAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct = default)
    {
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
            })
            .ToListAsync(ct);
        var seriesSeen = new HashSet<int>();
        var rows = new List<ExportRow>(posts.Count);
        foreach (var p in posts)
        {
            if (p.Cron is not null && !seriesSeen.Add(p.ScheduleId!.Value))
            {
                continue;
            }

            var zone = Zones.Find(p.Zone) ?? TimeZoneInfo.Utc;
            var local = TimeZoneInfo.ConvertTime(p.ScheduledFor!.Value, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            rows.Add(new ExportRow(p.Platform.ToString().ToLowerInvariant(), p.Account, p.Content, local, zone.Id,
                string.Join(' ', p.Hashtags), string.Join(' ', p.MediaReferences), p.Cron ?? ""));
        }

        return rows;
    }

    /// <summary>The rows as CSV: UTF-8 with a byte-order mark (spreadsheets then read it as UTF-8), every cell escaped.</summary>
    public static byte[] ToCsv(IEnumerable<ExportRow> rows)
    {
        var text = new StringBuilder(string.Join(',', PostCsv.Columns)).Append("\r\n");
        foreach (var r in rows)
        {
            text.AppendJoin(',', new[] { r.Platform, r.Account, r.Content, r.LocalTime, r.TimeZone, r.Hashtags, r.MediaUrl, r.Recurrence }
                .Select(c => PostCsv.Escape(c))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
