using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Identity;
using SocialOps.Core.Workflow;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Workflow;

/// <summary>The posts CSV's optional <c>thread</c> and <c>first_comment</c> columns: read, checked per row, imported as one post each.</summary>
public sealed class ThreadCsvImportTests : IDisposable
{
    private const string Header = "platform,account,content,local_time,time_zone,thread,first_comment";
    private readonly SocialOpsAppFactory _app = new();

    private HttpClient Editor => _app.CreateClientAs(Roles.Editor);

    public void Dispose() => _app.Dispose();

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public void AThreadCellIsCutAtEveryLineHoldingOnlyThreeDashes()
    {
        var (rows, errors) = PostCsv.Read(Encoding.UTF8.GetBytes(
            Header + "\r\nsandbox,,Head,2030-01-02 09:00,Etc/UTC,\"Second\r\nstill second\r\n---\r\n  Third -- not cut  \r\n ---\r\nFourth\",Our link\r\n"
            + "sandbox,,Single,2030-01-02 10:00,Etc/UTC,,\r\n"));

        Assert.Empty(errors);
        Assert.Equal(["Second\nstill second", "Third -- not cut", "Fourth"], rows[0].ThreadParts());
        Assert.Equal("Our link", rows[0].FirstComment);
        Assert.Null(rows[1].ThreadParts());
        Assert.Equal("", rows[1].FirstComment);
    }

    [Fact]
    public async Task AnImportedRowBecomesOneThreadWithItsFirstComment()
    {
        var file = Header + "\nsandbox,,Head,2030-01-02 09:00,Etc/UTC,\"two\n---\nthree\",Shop link\nsandbox,,Alone,2030-01-02 10:00,Etc/UTC,,\n";

        using var response = await Editor.PostAsync(new Uri("/api/scheduler/bulk-import", UriKind.Relative), Csv(file));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var posts = await _app.DbAsync(db => db.Posts.Include(p => p.Parts).AsNoTracking().OrderBy(p => p.Id).ToListAsync());
        Assert.Equal(2, posts.Count);
        Assert.Equal(["two", "three"], posts[0].Parts.OrderBy(p => p.Index).Select(p => p.Content));
        Assert.Equal("Shop link", posts[0].FirstComment);
        Assert.Empty(posts[1].Parts);
        Assert.Null(posts[1].FirstComment);
    }

    [Fact]
    public async Task AThreadAndItsFirstCommentGoOutInTheExportAndComeBackWhole()
    {
        var file = Header + "\nsandbox,,Head,2030-01-02 09:00,Etc/UTC,\"two\nlines\n---\nthree\",\"Shop, \"\"link\"\"\"\nsandbox,,Alone,2030-01-02 10:00,Etc/UTC,,\n";
        using (var import = await Editor.PostAsync(new Uri("/api/scheduler/bulk-import", UriKind.Relative), Csv(file)))
        {
            Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        }

        var exported = await Editor.GetByteArrayAsync(new Uri("/api/scheduler/export", UriKind.Relative));
        var json = await Editor.GetFromJsonAsync<JsonElement>(new Uri("/api/scheduler/export?format=json", UriKind.Relative));
        Assert.Equal("two\nlines\n---\nthree", json[0].GetProperty("thread").GetString());
        Assert.Equal("Shop, \"link\"", json[0].GetProperty("first_comment").GetString());
        Assert.Equal(("", ""), (json[1].GetProperty("thread").GetString(), json[1].GetProperty("first_comment").GetString()));

        // Into an empty schedule and out again: the same posts, parts and comments.
        await _app.DbAsync(db => db.Posts.ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, SocialOps.Core.Content.PostStatus.Cancelled)));
        using (var again = await Editor.PostAsync(new Uri("/api/scheduler/bulk-import", UriKind.Relative), new ByteArrayContent(exported)))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }

        var posts = await _app.DbAsync(db => db.Posts.Include(p => p.Parts).AsNoTracking()
            .Where(p => p.Status != SocialOps.Core.Content.PostStatus.Cancelled).OrderBy(p => p.Id).ToListAsync());
        Assert.Equal(["two\nlines", "three"], posts[0].Parts.OrderBy(p => p.Index).Select(p => p.Content));
        Assert.Equal("Shop, \"link\"", posts[0].FirstComment);
        Assert.Empty(posts[1].Parts);
        Assert.Equal(exported, await Editor.GetByteArrayAsync(new Uri("/api/scheduler/export", UriKind.Relative)));
    }

    [Fact]
    public async Task AThreadOrFirstCommentAPlatformCannotTakeIsNamedByItsColumn()
    {
        var file = Header + "\nwebhook,,Head,2030-01-02 09:00,Etc/UTC,two,hi\nsandbox,,Head two,2030-01-02 09:00,Etc/UTC,\"fine\n---\n\",\n";

        using var response = await Editor.PostAsync(new Uri("/api/scheduler/bulk-import?dryRun=true", UriKind.Relative), Csv(file));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var errors = body.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Field: e.GetProperty("field").GetString(), Message: e.GetProperty("message").GetString())).ToList();
        Assert.Contains(errors, e => e is { Row: 2, Field: "thread" } && e.Message!.Contains("has no threads", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Row: 2, Field: "first_comment" });
        Assert.Contains(errors, e => e is { Row: 3, Field: "thread", Message: "Part 3: the part is empty." });
        Assert.Equal(0, await _app.DbAsync(db => db.Posts.CountAsync()));
    }
}
