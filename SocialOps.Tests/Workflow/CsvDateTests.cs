using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Workflow;

/// <summary>
/// Dates in an imported CSV: ISO 8601 always, anything else only in a named format (a date_format column, or the
/// import's own), and a problem with a time names it as written, in its zone.
/// </summary>
public sealed class CsvDateTests : IDisposable
{
    private const string Header = "platform,account,content,local_time,time_zone";

    // Monday 7 December 2026, 09:00 in Berlin.
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private readonly SocialOpsAppFactory _app = new() { Time = new FakeTimeProvider(Now) };

    public void Dispose() => _app.Dispose();

    private static Uri U(string path) => new(path, UriKind.Relative);

    private async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(string file, string query = "")
    {
        using var client = _app.CreateClientAs(Roles.Editor);
        using var response = await client.PostAsync(U("/api/scheduler/bulk-import" + query), new StringContent(file, Encoding.UTF8, "text/csv"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<List<DateTimeOffset?>> ScheduledAsync(string content)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return (await db.Posts.Where(p => p.Content == content).Select(p => p.ScheduledFor).ToListAsync()).ToList();
    }

    private static List<(int Row, string Field, string Message)> Errors(JsonElement body) =>
        [.. body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString()!, e.GetProperty("message").GetString()!))];

    [Fact]
    public async Task ADayFirstDateWithoutAFormatIsRefusedNeverReadAsTheFirstOfMay()
    {
        var (status, body) = await ImportAsync(Header + "\nsandbox,,Fifth of January,05.01.2027 09:00,Europe/Berlin\n");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = Assert.Single(Errors(body));
        Assert.Equal((2, "local_time"), (error.Row, error.Field));
        Assert.Contains("date_format", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ScheduledAsync("Fifth of January"));
    }

    [Fact]
    public async Task ADateFormatColumnReadsEachRowsDayAndMonthAsWritten()
    {
        var file = "platform,account,content,local_time,time_zone,date_format\n"
            + "sandbox,,Fifth of January,05.01.2027 09:00,Europe/Berlin,DD.MM.YYYY HH:mm\n"
            + "sandbox,,Tenth of December,10.12.2026 09:00,Europe/Berlin,DD.MM.YYYY HH:mm\n"
            + "sandbox,,Thirteenth of January,13.01.2027 09:00,Europe/Berlin,DD.MM.YYYY HH:mm\n"
            + "sandbox,,American fifth of January,01/05/2027 09:00,America/New_York,MM/DD/YYYY HH:mm\n"
            + "sandbox,,ISO beside them,2027-01-05T09:00,Europe/Berlin,DD.MM.YYYY HH:mm\n";

        var (status, body) = await ImportAsync(file);

        Assert.True(status == HttpStatusCode.Created, body.ToString());
        Assert.Equal(5, body.GetProperty("scheduled").GetInt32());
        Assert.Equal([new DateTimeOffset(2027, 1, 5, 8, 0, 0, TimeSpan.Zero)], await ScheduledAsync("Fifth of January"));
        Assert.Equal([new DateTimeOffset(2026, 12, 10, 8, 0, 0, TimeSpan.Zero)], await ScheduledAsync("Tenth of December"));
        Assert.Equal([new DateTimeOffset(2027, 1, 13, 8, 0, 0, TimeSpan.Zero)], await ScheduledAsync("Thirteenth of January"));
        Assert.Equal([new DateTimeOffset(2027, 1, 5, 14, 0, 0, TimeSpan.Zero)], await ScheduledAsync("American fifth of January"));
        Assert.Equal([new DateTimeOffset(2027, 1, 5, 8, 0, 0, TimeSpan.Zero)], await ScheduledAsync("ISO beside them"));
    }

    [Fact]
    public async Task TheImportsDateFormatAsAQueryParameterOrAFormFieldReadsTheFile()
    {
        var (status, body) = await ImportAsync(Header + "\nsandbox,,By query,05.01.2027 09:00,Europe/Berlin\n", "?dateFormat=DD.MM.YYYY%20HH:mm");
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        Assert.Equal([new DateTimeOffset(2027, 1, 5, 8, 0, 0, TimeSpan.Zero)], await ScheduledAsync("By query"));

        using var client = _app.CreateClientAs(Roles.Editor);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Header + "\nsandbox,,By form,05/01/2027 09:00,Europe/Berlin\n")) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "plan.csv" },
            { new StringContent("DD/MM/YYYY HH:mm"), "dateFormat" },
        };
        using var response = await client.PostAsync(U("/api/scheduler/bulk-import"), form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([new DateTimeOffset(2027, 1, 5, 8, 0, 0, TimeSpan.Zero)], await ScheduledAsync("By form"));

        var (bad, problem) = await ImportAsync(Header + "\nsandbox,,x,05.01.2027 09:00,Europe/Berlin\n", "?dateFormat=sometime");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.True(problem.GetProperty("errors").TryGetProperty("dateFormat", out _));
    }

    [Fact]
    public async Task ADateThatDoesNotMatchItsFormatOrHasPassedIsReportedAsWrittenInItsZone()
    {
        var file = "platform,account,content,local_time,time_zone,date_format\n"
            + "sandbox,,Month thirteen,01.13.2027 09:00,Europe/Berlin,DD.MM.YYYY HH:mm\n"
            + "sandbox,,Other separators,05/01/2027 09:00,Europe/Berlin,DD.MM.YYYY HH:mm\n"
            + "sandbox,,Gone,01.12.2026 09:00,Europe/Berlin,DD.MM.YYYY HH:mm\n"
            + "sandbox,,No such format,05.01.2027 09:00,Europe/Berlin,DD.QQ.YYYY\n";

        var (status, body) = await ImportAsync(file + "sandbox,,Gone too,2026-12-01 09:00,Europe/Berlin,\n");
        var errors = Errors(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(errors, e => e is { Row: 2, Field: "local_time" } && e.Message.Contains("'01.13.2027 09:00' does not match the date format DD.MM.YYYY HH:mm", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Row: 3, Field: "local_time" } && e.Message.Contains("does not match", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Row: 4, Field: "local_time", Message: "01.12.2026 09:00 Europe/Berlin is in the past." });
        Assert.Contains(errors, e => e is { Row: 5, Field: "date_format" });
        Assert.Contains(errors, e => e is { Row: 6, Field: "local_time", Message: "2026-12-01 09:00 Europe/Berlin is in the past." });
        Assert.DoesNotContain(errors, e => e.Message.Contains("UTC", StringComparison.Ordinal));
        Assert.Equal(5, errors.Count);
    }
}
