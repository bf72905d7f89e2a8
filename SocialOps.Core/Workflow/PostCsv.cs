using System.Text;
using Sylvan.Data.Csv;

namespace SocialOps.Core.Workflow;

/// <summary>
/// One data row of a posts CSV, its cells as written (apostrophe escapes undone). <c>Row</c> is its number as a spreadsheet
/// shows it (the header is row 1); <c>Formulas</c> names the columns whose cell starts with <c>=</c>, a spreadsheet formula,
/// which is never imported; <c>DateFormat</c> is how the row writes <c>local_time</c> when not in ISO 8601 (empty: the
/// import's own choice).
/// </summary>
public sealed record CsvPostRow(
    int Row, string Platform, string Account, string Content, string LocalTime, string TimeZone, string Hashtags, string MediaUrl, string Recurrence,
    IReadOnlyList<string>? Formulas = null, string DateFormat = "", string FirstComment = "", string Thread = "")
{
    /// <summary>
    /// The thread's parts after <see cref="Content"/>: the <c>thread</c> cell cut at every line holding only <c>---</c>,
    /// each part trimmed; null when the cell is empty.
    /// </summary>
    public List<string>? ThreadParts()
    {
        if (string.IsNullOrWhiteSpace(Thread))
        {
            return null;
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (var line in Thread.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Trim() == PostCsv.PartSeparator)
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(line).Append('\n');
            }
        }

        parts.Add(current.ToString().Trim());
        return parts;
    }
}

/// <summary>A problem with one row (or, with row 0, the whole file; row 1 is the header), named by column.</summary>
public sealed record ImportError(int Row, string Field, string Message);

/// <summary>
/// The posts CSV: columns <c>platform, account, content, local_time, time_zone, hashtags, media_url, recurrence</c>, header
/// names in any case, separated by <c>,</c> or <c>;</c>, UTF-8 with or without a byte-order mark. Read with Sylvan.Data.Csv.
/// </summary>
public static class PostCsv
{
    public const int MaxRows = 10_000;

    public static readonly string[] Columns = ["platform", "account", "content", "local_time", "time_zone", "hashtags", "media_url", "recurrence"];

    /// <summary>
    /// Columns an import also reads: how <c>local_time</c> is written when not in ISO 8601 (see <see cref="Scheduling.DateFormat"/>),
    /// the post's first comment, and its thread's parts after <c>content</c> (separated by a line holding only <see cref="PartSeparator"/>).
    /// </summary>
    public static readonly string[] Optional = ["date_format", "first_comment", "thread"];

    /// <summary>The line between two parts in a <c>thread</c> cell.</summary>
    public const string PartSeparator = "---";

    private static readonly string[] Known = [.. Columns, .. Optional];

    /// <summary>Columns a file must have; the others may be left out.</summary>
    public static readonly string[] Required = ["platform", "account", "content", "local_time", "time_zone"];

    // Longest cell read: a Facebook post is up to 63,206 characters.
    private const int MaxCellChars = 128 * 1024;

    /// <summary>Reads the file; on a file-level problem (encoding, columns, size) the rows are empty and the errors say why.</summary>
    public static (IReadOnlyList<CsvPostRow> Rows, IReadOnlyList<ImportError> Errors) Read(ReadOnlySpan<byte> bytes)
    {
        if (!TryDecode(bytes, out var text))
        {
            return ([], [new ImportError(0, "file", "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and upload it again.")]);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return ([], [new ImportError(0, "file", "The file is empty: it needs a header row and at least one post.")]);
        }

        var options = new CsvDataReaderOptions
        {
            HasHeaders = true,
            Delimiter = DelimiterOf(text),
            HeaderComparer = StringComparer.OrdinalIgnoreCase,
            BufferSize = 64 * 1024,
            MaxBufferSize = MaxCellChars,
        };
        try
        {
            using var reader = CsvDataReader.Create(new StringReader(text), options);
            var ordinals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var errors = new List<ImportError>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i).Trim();
                if (!Known.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add(new ImportError(1, string.IsNullOrEmpty(name) ? $"column {i + 1}" : name,
                        $"Unknown column '{name}'. The columns are: {string.Join(", ", Known)}."));
                }
                else if (!ordinals.TryAdd(name, i))
                {
                    errors.Add(new ImportError(1, name.ToLowerInvariant(), $"The column '{name}' appears twice."));
                }
            }

            errors.AddRange(Required.Where(c => !ordinals.ContainsKey(c))
                .Select(c => new ImportError(1, c, $"The column '{c}' is missing. The header needs: {string.Join(", ", Required)}.")));
            if (errors.Count > 0)
            {
                return ([], errors);
            }

            var rows = new List<CsvPostRow>();
            var line = 1;
            while (reader.Read())
            {
                line++;
                if (Enumerable.Range(0, reader.RowFieldCount).All(i => string.IsNullOrWhiteSpace(reader.GetString(i))))
                {
                    continue; // a blank line, typically the last one
                }

                if (rows.Count == MaxRows)
                {
                    return ([], [new ImportError(0, "file", $"The file has more than {MaxRows:N0} posts. Split it into files of up to {MaxRows:N0} rows.")]);
                }

                string Raw(string column) => ordinals.TryGetValue(column, out var i) && i < reader.RowFieldCount ? reader.GetString(i).Trim() : "";
                string Cell(string column) => Unescape(Raw(column));
                rows.Add(new CsvPostRow(line, Cell("platform"), Cell("account"), Cell("content"), Cell("local_time"), Cell("time_zone"),
                    Cell("hashtags"), Cell("media_url"), Cell("recurrence"), [.. Known.Where(c => Raw(c).StartsWith('='))], Cell("date_format"),
                    Cell("first_comment"), Cell("thread")));
            }

            return (rows, []);
        }
        catch (CsvRecordTooLargeException)
        {
            return ([], [new ImportError(0, "file", $"A row is longer than {MaxCellChars / 1024} KB, or a quote is never closed.")]);
        }
        catch (CsvFormatException ex)
        {
            return ([], [new ImportError(0, "file", $"The file is not valid CSV near row {ex.RowNumber}: a quote is not closed or stray.")]);
        }
    }

    /// <summary>The separator, from the header row: a semicolon when it has more of them than commas.</summary>
    public static char DelimiterOf(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        return header.Count(c => c == ';') > header.Count(c => c == ',') ? ';' : ',';
    }

    /// <summary>
    /// A cell for a spreadsheet: a leading <c>= + - @</c>, tab or carriage return gets an apostrophe so it is never run
    /// as a formula; a cell with the separator, a quote or a line break is quoted with its quotes doubled.
    /// </summary>
    public static string Escape(string? value, char delimiter = ',')
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (IsFormulaStart(value[0]))
        {
            value = "'" + value;
        }

        return value.Contains(delimiter, StringComparison.Ordinal) || value.AsSpan().IndexOfAny("\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    /// <summary>Undoes <see cref="Escape"/>'s apostrophe, so an exported plan comes back as it went out.</summary>
    public static string Unescape(string cell) => cell.Length > 1 && cell[0] == '\'' && IsFormulaStart(cell[1]) ? cell[1..] : cell;

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return !text.Contains('\0', StringComparison.Ordinal); // UTF-16 files decode as text full of NULs
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }
}
