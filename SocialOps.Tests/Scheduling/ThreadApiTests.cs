using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>The schedule API's contract for threads and first comments, and the Sandbox that shows them.</summary>
public sealed class ThreadApiTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    private HttpClient Editor => _app.CreateClientAs(Roles.Editor);

    [Fact]
    public async Task AThreadWithAFirstCommentIsScheduledAsOnePostWithTheSameAnswer()
    {
        var (response, body) = await Editor.PostJsonAsync("/api/scheduler/schedule", new
        {
            platform = "sandbox", content = "first", thread = new[] { "second part", "third part" }, firstComment = "#coffee", scheduledTime = InADay,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["id", "status", "nextRunUtc"], body.EnumerateObject().Select(p => p.Name));
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal("Scheduled", body.GetProperty("status").GetString());
        var post = await _app.DbAsync(db => db.Posts.Include(p => p.Parts).AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal("first", post.Content);
        Assert.Equal([(1, "second part"), (2, "third part")], post.Parts.OrderBy(p => p.Index).Select(p => (p.Index, p.Content)));
        Assert.All(post.Parts, p => Assert.Equal(PartState.Pending, p.State));
        Assert.Equal("#coffee", post.FirstComment);
    }

    [Fact]
    public async Task APartOverThePlatformsLimitIsNamedInTheProblem()
    {
        var (response, body) = await Editor.PostJsonAsync("/api/scheduler/schedule", new
        {
            platform = "bluesky", content = "fits", thread = new[] { "fits too", new string('a', 301) }, scheduledTime = InADay,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = body.GetProperty("errors").GetProperty("thread[1]")[0].GetString();
        Assert.Equal("Part 3: 301 characters is over Bluesky's limit of 300.", problem);
        Assert.False(body.GetProperty("errors").TryGetProperty("thread[0]", out _));
    }

    [Theory]
    [InlineData("facebook")]
    [InlineData("instagram")]
    [InlineData("linkedin")]
    [InlineData("webhook")]
    public async Task AThreadOnAPlatformWithoutThreadsIsRefused(string platform)
    {
        var (response, body) = await Editor.PostJsonAsync("/api/scheduler/schedule", new { platform, content = "first", thread = new[] { "second" }, scheduledTime = InADay });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("has no threads", body.GetProperty("errors").GetProperty("thread")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AFirstCommentWhereThePlatformTakesNoneIsRefusedAndAnEmptyPartToo()
    {
        var (webhook, webhookBody) = await Editor.PostJsonAsync("/api/scheduler/schedule", new { platform = "webhook", content = "x", firstComment = "hi", scheduledTime = InADay });
        var (empty, emptyBody) = await Editor.PostJsonAsync("/api/scheduler/schedule", new { platform = "sandbox", content = "x", thread = new[] { " " }, scheduledTime = InADay });

        Assert.Equal(HttpStatusCode.BadRequest, webhook.StatusCode);
        Assert.True(webhookBody.GetProperty("errors").TryGetProperty("firstComment", out _));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("Part 2: the part is empty.", emptyBody.GetProperty("errors").GetProperty("thread[0]")[0].GetString());
    }

    [Fact]
    public async Task TheSandboxFeedShowsEachPartAndTheFirstCommentAnsweringTheOneBefore()
    {
        var id = await Editor.ScheduleAsync(new
        {
            platform = "sandbox", content = "first", thread = new[] { "second", "third" }, firstComment = "comment", scheduledTime = SchedulerTestExtensions.InSeconds(1),
        });
        var post = await _app.WaitUntilSettledAsync(id);
        await _app.WaitForPostAsync(id, p => p.FirstCommentState is not (null or PartState.Pending or PartState.Unknown));

        var (_, feed) = await GetJsonAsync($"/api/sandbox/posts?postId={id}");
        var items = feed.GetProperty("items").EnumerateArray().Reverse()
            .Select(i => (Id: i.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), Content: i.GetProperty("content").GetString(),
                InReplyTo: i.GetProperty("inReplyTo").ValueKind == System.Text.Json.JsonValueKind.Null ? null : i.GetProperty("inReplyTo").GetString()))
            .ToList();

        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal(["first", "second", "third", "comment"], items.Select(i => i.Content));
        Assert.Equal([null, items[0].Id, items[1].Id, items[2].Id], items.Select(i => i.InReplyTo));
    }

    [Fact]
    public async Task ADraftTakesAThreadAndAnEditThroughTheApiReplacesIt()
    {
        var (created, draft) = await Editor.PostJsonAsync("/api/scheduler/drafts", new { platform = "sandbox", content = "first", thread = new[] { "second" }, firstComment = "hi" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = draft.GetProperty("id").GetInt32();

        using var edited = await Editor.PutAsJsonAsync(new Uri($"/api/scheduler/reschedule/{id}", UriKind.Relative), new { thread = new[] { "two", "three" }, firstComment = "" });

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var post = await _app.DbAsync(db => db.Posts.Include(p => p.Parts).AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal((PostStatus.Draft, "first", (string?)null), (post.Status, post.Content, post.FirstComment));
        Assert.Equal([(1, "two"), (2, "three")], post.Parts.OrderBy(p => p.Index).Select(p => (p.Index, p.Content)));
    }

    public void Dispose() => _app.Dispose();

    private static string InADay => TimeProvider.System.GetUtcNow().AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(HttpResponseMessage, System.Text.Json.JsonElement)> GetJsonAsync(string path)
    {
        var response = await Editor.GetAsync(new Uri(path, UriKind.Relative));
        return (response, System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
