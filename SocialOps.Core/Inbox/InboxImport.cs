using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using SocialOps.Core.Audit;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Inbox;

public sealed record ImportResult(int Rows, int Added, int Duplicates, IReadOnlyList<string> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Imports comments from CSV (<c>platform,author,text,time[,post_link]</c>) through the same deduplication and analysis
/// as fetched ones. Every row is checked first: one bad row imports nothing; importing a file again adds nothing.
/// </summary>
public sealed class InboxImport(
    IDbContextFactory<SocialOpsDbContext> contexts, InboxIntake intake, IOptionsMonitor<SentimentOptions> sentiment, AuditLog audit)
{
    public const int MaxRows = 10_000;
    public const long MaxBytes = 5 * 1024 * 1024;
    private const int MaxErrors = 20;
    private static readonly string[] RequiredColumns = ["platform", "author", "text", "time"];

    private sealed record Row(Platform Platform, IncomingComment Comment, string? PostLink);

    public async Task<ImportResult> ImportAsync(Stream csv, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        // Read whole (and bounded) first: the parser reads synchronously, and a request body must not be.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await csv.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return new ImportResult(0, 0, 0, [$"The file is larger than {MaxBytes / 1024 / 1024} MB; split it into smaller files. Nothing was imported."]);
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        var (rows, errors) = Read(buffer);
        if (errors.Count > 0)
        {
            return new ImportResult(rows.Count, 0, 0, errors);
        }

        Dictionary<string, int> posts;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var links = rows.Select(r => r.PostLink).OfType<string>().Distinct().ToList();
            posts = await db.Posts.AsNoTracking().Where(p => p.ExternalUrl != null && links.Contains(p.ExternalUrl))
                .ToDictionaryAsync(p => p.ExternalUrl!, p => p.Id, ct);
        }

        var added = 0;
        foreach (var group in rows.GroupBy(r => r.Platform))
        {
            added += (await intake.StoreAsync(null, group.Key, [.. group.Select(r => r.Comment)], posts, ct: ct)).Count;
        }

        await audit.WriteAsync(actor, "inbox.import", "interaction", null, new { rows = rows.Count, added }, ct);
        return new ImportResult(rows.Count, added, rows.Count - added, []);
    }

    private (List<Row> Rows, List<string> Errors) Read(Stream csv)
    {
        var rows = new List<Row>();
        var errors = new List<string>();
        var maxText = sentiment.CurrentValue.MaxTextLength;
        var options = new CsvReaderOptions
        {
            Separator = ',', MalformedData = CsvMalformedDataHandling.Throw, TrackLineNumbers = true, MaxRecordSize = 1024 * 1024,
        };
        using var reader = CsvReader.Create(csv, options, leaveOpen: true);
        try
        {
            var header = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
            if (RequiredColumns.Where(c => !header.Contains(c)).ToList() is { Count: > 0 } missing)
            {
                return (rows, [$"The first line must name the columns platform, author, text, time (and optionally post_link); missing: {string.Join(", ", missing)}."]);
            }

            var columns = new Columns(header.IndexOf("platform"), header.IndexOf("author"), header.IndexOf("text"), header.IndexOf("time"), header.IndexOf("post_link"));
            while (reader.Read())
            {
                if (rows.Count + errors.Count >= MaxRows)
                {
                    return (rows, [$"The file has more than {MaxRows:N0} rows; split it into smaller files. Nothing was imported."]);
                }

                string Field(int index) => index >= 0 && index < reader.FieldCount ? reader.GetString(index).Trim() : "";
                var row = ParseRow(reader.LineNumber, Field(columns.Platform), Field(columns.Author), Field(columns.Text), Field(columns.Time),
                    columns.PostLink >= 0 ? Field(columns.PostLink) : null, maxText, out var error);
                if (row is not null)
                {
                    rows.Add(row);
                }
                else if (errors.Count < MaxErrors)
                {
                    errors.Add(error!);
                }
            }
        }
        catch (CsvFormatException ex)
        {
            errors.Add($"The file is not valid CSV{(ex.LineNumber > 0 ? $" at line {ex.LineNumber}" : "")}: fix it and import again. Nothing was imported.");
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add("The file has no rows: the first line names the columns platform, author, text, time (and optionally post_link), one comment per line after it.");
        }

        return (rows, errors);
    }

    private sealed record Columns(int Platform, int Author, int Text, int Time, int PostLink);

    private static Row? ParseRow(long line, string platformName, string author, string text, string timeText, string? link, int maxText, out string? error)
    {
        error = !Enum.TryParse<Platform>(platformName, ignoreCase: true, out var platform) || int.TryParse(platformName, out _)
                ? $"Line {line}: unknown platform '{Clip(platformName)}' (use {string.Join(", ", Enum.GetNames<Platform>().Select(n => n.ToLowerInvariant()))})."
            : author.Length is 0 or > 300 ? $"Line {line}: the author is required and at most 300 characters."
            : text.Length == 0 || text.Length > maxText ? $"Line {line}: the text is required and at most {maxText} characters."
            : !DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
                ? $"Line {line}: '{Clip(timeText)}' is not a time; use ISO 8601 such as 2026-11-27T09:30:00Z."
            : link is { Length: > 1000 } ? $"Line {line}: the post link is longer than 1000 characters."
            : null;
        if (error is not null)
        {
            return null;
        }

        var at = DateTimeOffset.Parse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
        var id = "import-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{platform}\n{author}\n{text}\n{at.UtcTicks}")))[..40];
        var post = string.IsNullOrEmpty(link) ? null : link;
        return new Row(platform, new IncomingComment(id, InteractionKind.Comment, post, null, author, null, text, at), post);
    }

    private static string Clip(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
