using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Workflow;

/// <summary>The CSV import and export through the API, on SQLite and on PostgreSQL.</summary>
public abstract class BulkImportApiTests : IAsyncLifetime
{
    private const string Header = "platform,account,content,local_time,time_zone,hashtags,media_url,recurrence";

    protected SocialOpsAppFactory App { get; } = new();

    private HttpClient Editor => App.CreateClientAs(Roles.Editor);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static Uri U(string path) => new(path, UriKind.Relative);

    private async Task<int> PostCountAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return await db.Posts.CountAsync(p => p.Status != PostStatus.Cancelled);
    }

    private static string GoodRows(int count, string prefix = "Post") =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"sandbox,,{prefix} number {i},2030-01-{i % 28 + 1:00} 09:30,Europe/Berlin,#coffee #beans,,\n"));

    [Fact]
    public async Task ADryRunReportsEveryBadRowAndSchedulesNothing()
    {
        var file = Header + "\n" + GoodRows(2)
            + $"sandbox,,{new string('a', 5001)},2030-02-01 10:00,Europe/Berlin,,,\n"     // row 4: over the Sandbox limit
            + "sandbox,,Too late,2020-01-01 10:00,Europe/Berlin,,,\n"                      // row 5: in the past
            + "mastodon,Nobody,Unknown account,2030-02-01 10:00,Europe/Berlin,,,\n"        // row 6: no such account
            + "sandbox,,Post number 1,2030-01-02 09:30,Europe/Berlin,#coffee #beans,,\n"   // row 7: same as row 2
            + "sandbox,,Bad zone,2030-02-01 10:00,Mars/Olympus,,,\n"                       // row 8
            + "sandbox,,=HYPERLINK(\"x\"),2030-02-01 10:00,Europe/Berlin,,,\n"             // row 9: a formula
            + "sandbox,,Bad cron,2030-02-01 10:00,Europe/Berlin,,,every day\n";           // row 10

        using var response = await Editor.PostAsync(U("/api/scheduler/bulk-import?dryRun=true"), Csv(file));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(9, body.RootElement.GetProperty("rows").GetInt32());
        var errors = body.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Field: e.GetProperty("field").GetString(), Message: e.GetProperty("message").GetString())).ToList();
        Assert.Contains(errors, e => e is { Row: 4, Field: "content" });
        Assert.Contains(errors, e => e is { Row: 5, Field: "local_time" } && e.Message!.Contains("past", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Row: 6, Field: "account" } && e.Message!.Contains("Nobody", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Row: 7, Field: "row" } && e.Message!.Contains("row 2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Row: 8, Field: "time_zone" });
        Assert.Contains(errors, e => e is { Row: 9, Field: "content" } && e.Message!.Contains("formula", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Row: 10, Field: "recurrence" });
        Assert.DoesNotContain(errors, e => e.Row is 2 or 3);
        Assert.Equal(0, await PostCountAsync());
    }

    [Fact]
    public async Task AFileWithOneBadRowImportsNothingAndAValidOneImportsEveryRow()
    {
        var bad = Header + "\n" + GoodRows(30) + "sandbox,,,2030-02-01 10:00,Europe/Berlin,,,\n";
        using var refused = await Editor.PostAsync(U("/api/scheduler/bulk-import"), Csv(bad));
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = Assert.Single(problem.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(32, error.GetProperty("row").GetInt32());
        Assert.Equal("content", error.GetProperty("field").GetString());
        Assert.Equal(0, await PostCountAsync());

        using var accepted = await Editor.PostAsync(U("/api/scheduler/bulk-import"), Csv(Header.ToUpperInvariant().Replace(',', ';') + "\n" + GoodRows(30).Replace(',', ';')));
        using var done = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(30, done.RootElement.GetProperty("scheduled").GetInt32());
        Assert.Equal(30, await PostCountAsync());
    }

    [Fact]
    public async Task AnExportedPlanImportsBackAsTheSamePlan()
    {
        var file = Header + "\n" + GoodRows(5)
            + "sandbox,,\"=cheeky, \"\"quoted\"\" text\",2030-03-01 08:00,America/New_York,#a,https://cdn.example/i.png,\n"
            + "sandbox,,Every Monday,2030-03-04 09:00,Europe/Berlin,,,0 9 * * 1\n";
        file = file.Replace("\"=cheeky", "\"'=cheeky", StringComparison.Ordinal);
        using (var first = await Editor.PostAsync(U("/api/scheduler/bulk-import"), Csv(file)))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        var exported = await Editor.GetByteArrayAsync(U("/api/scheduler/export?format=csv"));
        var json = await Editor.GetFromJsonAsync<JsonElement>(U("/api/scheduler/export?format=json"));

        Assert.Equal(0xEF, exported[0]); // a BOM, so spreadsheets read UTF-8
        var text = Encoding.UTF8.GetString(exported[3..]);
        Assert.StartsWith(Header + ",first_comment,thread\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\"'=cheeky, \"\"quoted\"\" text\"", text, StringComparison.Ordinal);
        Assert.Equal(7, json.GetArrayLength());
        Assert.Contains(json.EnumerateArray(), r => r.GetProperty("recurrence").GetString() == "0 9 * * 1" && r.GetProperty("local_time").GetString() == "2030-03-04 09:00");

        // The same plan into an empty schedule: every row valid, the same rows out again.
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            await db.Posts.ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PostStatus.Cancelled));
        }

        using var again = await Editor.PostAsync(U("/api/scheduler/bulk-import"), new ByteArrayContent(exported));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(text, Encoding.UTF8.GetString((await Editor.GetByteArrayAsync(U("/api/scheduler/export")))[3..]));
    }

    [Fact]
    public async Task AnExportFromADayToTheSameDayHoldsThePostsOnThatDayInTheirOwnZone()
    {
        var file = Header + "\n"
            + "sandbox,,Berlin afternoon,2030-05-09 15:00,Europe/Berlin,,,\n"
            + "sandbox,,New York late evening,2030-05-09 23:30,America/New_York,,,\n" // 03:30 UTC on the 10th
            + "sandbox,,Berlin just after midnight,2030-05-10 00:30,Europe/Berlin,,,\n" // 22:30 UTC on the 9th
            + "sandbox,,Berlin the day before,2030-05-08 23:59,Europe/Berlin,,,\n";
        using (var import = await Editor.PostAsync(U("/api/scheduler/bulk-import"), Csv(file)))
        {
            Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        }

        var day = Encoding.UTF8.GetString(await Editor.GetByteArrayAsync(U("/api/scheduler/export?from=2030-05-09&to=2030-05-09&format=csv")));
        Assert.Contains("Berlin afternoon,2030-05-09 15:00,Europe/Berlin", day, StringComparison.Ordinal);
        Assert.Contains("New York late evening,2030-05-09 23:30,America/New_York", day, StringComparison.Ordinal);
        Assert.DoesNotContain("Berlin just after midnight", day, StringComparison.Ordinal);
        Assert.DoesNotContain("Berlin the day before", day, StringComparison.Ordinal);

        // An end with a time of day stays exclusive: 15:00 in Berlin is 13:00 UTC in May.
        var before = await Editor.GetFromJsonAsync<JsonElement>(U("/api/scheduler/export?from=2030-05-09&to=2030-05-09T13:00:00Z&format=json"));
        Assert.DoesNotContain(before.EnumerateArray(), r => r.GetProperty("content").GetString() == "Berlin afternoon");
        var until = await Editor.GetFromJsonAsync<JsonElement>(U("/api/scheduler/export?from=2030-05-09&to=2030-05-09T13:01:00Z&format=json"));
        Assert.Contains(until.EnumerateArray(), r => r.GetProperty("content").GetString() == "Berlin afternoon");

        using var bad = await Editor.GetAsync(U("/api/scheduler/export?from=next+week"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("from", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage KeyedImport(string key, string file) => new(HttpMethod.Post, U("/api/scheduler/bulk-import"))
    {
        Content = Csv(file),
        Headers = { { "Idempotency-Key", key } },
    };

    private async Task<int> ReceiptCountAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return await db.ImportReceipts.CountAsync();
    }

    [Fact]
    public async Task AnImportRetriedWithTheSameKeyAnswersAsTheFirstTimeAndSchedulesNothingNew()
    {
        var file = Header + "\n" + GoodRows(3);
        using var first = await Editor.SendAsync(KeyedImport("retry-key-1", file));
        var firstBody = await first.Content.ReadAsStringAsync();
        using var again = await Editor.SendAsync(KeyedImport("retry-key-1", file));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(firstBody).RootElement.GetProperty("scheduled").GetInt32());
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        Assert.Equal(3, await PostCountAsync());
        Assert.Equal(1, await ReceiptCountAsync());

        // Without a key every call is a new import, as before.
        using var unkeyed = await Editor.PostAsync(U("/api/scheduler/bulk-import"), Csv(Header + "\n" + GoodRows(2, "Other")));
        Assert.Equal(HttpStatusCode.Created, unkeyed.StatusCode);
        Assert.Equal(5, await PostCountAsync());
    }

    [Fact]
    public async Task TheSameKeyWithAnotherFileIsRefusedAndNothingIsStored()
    {
        using (var first = await Editor.SendAsync(KeyedImport("reused-key", Header + "\n" + GoodRows(2))))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var other = await Editor.SendAsync(KeyedImport("reused-key", Header + "\n" + GoodRows(4, "Changed")));
        using var problem = JsonDocument.Parse(await other.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(422, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("Idempotency-Key", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await PostCountAsync());
        Assert.Equal(1, await ReceiptCountAsync());
    }

    [Fact]
    public async Task AKeyBelongsToItsUserAndAFileWithErrorsLeavesTheKeyFree()
    {
        var file = Header + "\n" + GoodRows(2);
        using (var refused = await Editor.SendAsync(KeyedImport("shared-key", Header + "\nsandbox,,,2030-02-01 10:00,Europe/Berlin,,,\n")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var fixedFile = await Editor.SendAsync(KeyedImport("shared-key", file)))
        {
            Assert.Equal(HttpStatusCode.Created, fixedFile.StatusCode);
        }

        using var admin = App.CreateClientAs(Roles.Admin);
        using var theirs = await admin.SendAsync(KeyedImport("shared-key", Header + "\n" + GoodRows(1, "Admin")));
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.Equal(3, await PostCountAsync());
    }

    [Fact]
    public async Task ConcurrentImportsWithOneKeyScheduleTheFileOnce()
    {
        using (var warmUp = await Editor.PostAsync(U("/api/scheduler/bulk-import?dryRun=true"), Csv(Header + "\n" + GoodRows(1))))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }

        var file = Header + "\n" + GoodRows(40);
        var editor = Editor;
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await editor.SendAsync(KeyedImport("concurrent-key", file));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.All(responses, r => Assert.Equal(40, JsonDocument.Parse(r.Body).RootElement.GetProperty("scheduled").GetInt32()));
        Assert.Equal(40, await PostCountAsync());
        Assert.Equal(1, await ReceiptCountAsync());
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(40, await db.AuditEntries.CountAsync(a => a.Action == "post.import"));
    }

    /// <summary>SQL that makes the database itself refuse a post with the given content (a failure after validation).</summary>
    protected abstract string RefuseContentSql(string content);

    [Fact]
    public async Task AFailureWhileSavingLeavesNoRowBehind()
    {
        using (var warmUp = await Editor.PostAsync(U("/api/scheduler/bulk-import?dryRun=true"), Csv(Header + "\n" + GoodRows(1))))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode); // the app has started and migrated
        }

        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync(RefuseContentSql("Post number 40"));
        }

        using var response = await Editor.PostAsync(U("/api/scheduler/bulk-import"), Csv(Header + "\n" + GoodRows(60)));

        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal(0, await PostCountAsync());
        await using var check = await App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.False(await check.AuditEntries.AnyAsync(a => a.Action == "post.import"));
    }

    [Fact]
    public async Task AHundredThousandRowsGetAClearAnswerAndNothingIsStored()
    {
        var file = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 100_000; i++)
        {
            file.Append("sandbox,,p").Append(i).Append(",2030-01-01 10:00,Etc/UTC,,,\n");
        }

        using var response = await Editor.PostAsync(U("/api/scheduler/bulk-import"), Csv(file.ToString()));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("10,000", problem.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await PostCountAsync());
    }
}

public sealed class BulkImportSqliteTests : BulkImportApiTests
{
    protected override string RefuseContentSql(string content) =>
        $"CREATE TRIGGER refuse_post BEFORE INSERT ON Posts WHEN NEW.Content = '{content}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";
}

public sealed class BulkImportPostgresTests : BulkImportApiTests
{
    private readonly PostgresDatabase _database = new();

    protected override string RefuseContentSql(string content) =>
        "CREATE FUNCTION refuse_post() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " +
        $"IF NEW.\"Content\" = '{content}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$; " +
        "CREATE TRIGGER refuse_post BEFORE INSERT ON \"Posts\" FOR EACH ROW EXECUTE FUNCTION refuse_post();";

    public override async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        App.UsePostgres(_database.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
