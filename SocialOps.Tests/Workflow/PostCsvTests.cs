using System.Text;
using SocialOps.Core.Workflow;

namespace SocialOps.Tests.Workflow;

public sealed class PostCsvTests
{
    private const string Header = "platform,account,content,local_time,time_zone,hashtags,media_url,recurrence";

    private static (IReadOnlyList<CsvPostRow> Rows, IReadOnlyList<ImportError> Errors) Read(string text, bool bom = false) =>
        PostCsv.Read(bom ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData(',', false)]
    [InlineData(';', false)]
    [InlineData(',', true)]
    [InlineData(';', true)]
    public void CommaOrSemicolonSeparatedFilesWithOrWithoutBomReadAlike(char separator, bool bom)
    {
        var text = $"PLATFORM{separator}Account{separator}Content{separator}Local_Time{separator}time_zone\r\n"
            + $"mastodon{separator}Brand{separator}\"Hello{separator} \"\"world\"\"\"{separator}2030-01-02 09:00{separator}Europe/Berlin\r\n";

        var (rows, errors) = Read(text, bom);

        Assert.Empty(errors);
        var row = Assert.Single(rows);
        Assert.Equal("mastodon", row.Platform);
        Assert.Equal($"Hello{separator} \"world\"", row.Content);
        Assert.Equal("2030-01-02 09:00", row.LocalTime);
        Assert.Equal("Europe/Berlin", row.TimeZone);
        Assert.Equal(2, row.Row);
        Assert.Equal("", row.Recurrence);
    }

    [Fact]
    public void MissingAndUnknownColumnsAreNamed()
    {
        var (rows, errors) = Read("platform,content,local_time,colour\nsandbox,x,2030-01-01 10:00,red\n");

        Assert.Empty(rows);
        Assert.Contains(errors, e => e.Field == "colour" && e.Message.Contains("Unknown column", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "account" && e.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "time_zone" && e.Message.Contains("missing", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal(1, e.Row));
    }

    [Fact]
    public void AFileThatIsNotUtf8IsRefusedWithTheReason()
    {
        var latin1 = Encoding.Latin1.GetBytes(Header + "\nsandbox,,Caf\u00e9 cr\u00e8me,2030-01-01 10:00,Etc/UTC,,,\n");
        var utf16 = Encoding.Unicode.GetBytes(Header + "\n");

        foreach (var bytes in new[] { latin1, utf16 })
        {
            var (rows, errors) = PostCsv.Read(bytes);
            Assert.Empty(rows);
            var error = Assert.Single(errors);
            Assert.Equal("file", error.Field);
            Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MoreThanTenThousandRowsAreRefusedAsAWhole()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < PostCsv.MaxRows + 1; i++)
        {
            text.Append("sandbox,,Post ").Append(i).Append(",2030-01-01 10:00,Etc/UTC,,,\n");
        }

        var (rows, errors) = Read(text.ToString());

        Assert.Empty(rows);
        Assert.Contains("more than 10,000", Assert.Single(errors).Message, StringComparison.Ordinal);
        Assert.Equal(PostCsv.MaxRows, Read(text.ToString()[..text.ToString().LastIndexOf("sandbox", StringComparison.Ordinal)]).Rows.Count);
    }

    [Fact]
    public void FormulasAreFlaggedAndEscapedCellsComeBackAsText()
    {
        var (rows, errors) = Read(Header + "\nsandbox,,=HYPERLINK(\"http://x\"),2030-01-01 10:00,Etc/UTC,,,\nsandbox,,'=1+1 is two,2030-01-01 10:00,Etc/UTC,,,\n");

        Assert.Empty(errors);
        Assert.Equal(["content"], rows[0].Formulas);
        Assert.Empty(rows[1].Formulas!);
        Assert.Equal("=1+1 is two", rows[1].Content);
    }

    [Theory]
    [InlineData("=SUM(A1:A2)", "'=SUM(A1:A2)")]
    [InlineData("+1 555", "'+1 555")]
    [InlineData("-minus", "'-minus")]
    [InlineData("@handle hi", "'@handle hi")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("\rCR", "\"'\rCR\"")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("plain", "plain")]
    public void ExportedCellsNeverStartAFormula(string value, string cell)
    {
        Assert.Equal(cell, PostCsv.Escape(value));
        var (rows, errors) = Read(Header + "\nsandbox,,\"x\",2030-01-01 10:00,Etc/UTC," + PostCsv.Escape(value) + ",,\n");
        Assert.Empty(errors);
        Assert.Equal(value, Assert.Single(rows).Hashtags);
    }
}
