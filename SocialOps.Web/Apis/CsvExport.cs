using System.Globalization;
using System.Text;
using SocialOps.Core.Analytics;

namespace SocialOps.Web.Apis;

/// <summary>Writes export rows as RFC 4180 CSV that a spreadsheet opens safely (UTF-8 with a byte-order mark, no live formulas).</summary>
public static class CsvExport
{
    public const string Header = "post_id,platform,account_id,published_at_utc,published_local,likes,comments,shares,saves,clicks,impressions,reach,engagement_rate,engagements_at_7_days,tracked_clicks,url,text";

    public static async Task WriteAsync(Stream stream, IAsyncEnumerable<ExportRow> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(Header + "\r\n");
        var c = CultureInfo.InvariantCulture;
        var n = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            await writer.WriteAsync(string.Join(',',
                r.PostId.ToString(c), Text(r.Platform.ToString().ToLowerInvariant()), r.AccountId?.ToString(c) ?? "",
                r.PublishedAtUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", c), r.PublishedLocal.ToString("yyyy-MM-dd HH:mm:ss", c),
                r.Likes.ToString(c), r.Comments.ToString(c), r.Shares.ToString(c), r.Saves.ToString(c), r.Clicks.ToString(c),
                r.Impressions.ToString(c), r.Reach.ToString(c), r.EngagementRate?.ToString("0.######", c) ?? "", r.EngagementsAt7Days?.ToString(c) ?? "", r.TrackedClicks?.ToString(c) ?? "", Text(r.Url), Text(r.Text)) + "\r\n");
            if (++n % 500 == 0)
            {
                await writer.FlushAsync(ct);
            }
        }

        await writer.FlushAsync(ct);
    }

    /// <summary>
    /// A text field: a leading <c>= + - @</c>, tab or carriage return gets an apostrophe so no spreadsheet runs it as a
    /// formula; fields with a comma, quote or line break are quoted with quotes doubled.
    /// </summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
