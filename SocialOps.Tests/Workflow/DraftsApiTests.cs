using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Workflow;

public sealed class DraftsApiTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task DraftsAreCreatedListedChangedQueuedAndDeleted()
    {
        var editor = _app.CreateClientAs(Roles.Editor);
        using (var bad = await editor.PostAsJsonAsync(U("/api/scheduler/drafts"), new { platform = "sandbox", content = new string('x', 5001) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("content", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var created = await editor.PostAsJsonAsync(U("/api/scheduler/drafts"), new { platform = "sandbox", content = "An idea", hashtags = new[] { "#idea" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using (var update = await editor.PutAsJsonAsync(U($"/api/scheduler/drafts/{id}"), new { content = "A better idea", hashtags = new[] { "#better" } }))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
            Assert.Contains("Draft", await update.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var list = await editor.GetFromJsonAsync<JsonElement>(U("/api/scheduler/drafts?unplanned=true"));
        var draft = Assert.Single(list.EnumerateArray());
        Assert.Equal("A better idea", draft.GetProperty("content").GetString());
        Assert.Equal("#better", draft.GetProperty("hashtags")[0].GetString());

        // A draft with no account has no queue to join: a clear refusal, and it stays a draft.
        using (var queued = await editor.PostAsync(U($"/api/scheduler/drafts/{id}/queue"), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, queued.StatusCode);
        }

        using (var scheduled = await editor.PostAsJsonAsync(U("/api/scheduler/schedule"), new { platform = "sandbox", content = "Not a draft", scheduledTime = "2030-01-01T10:00:00Z" }))
        {
            var other = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            using var refused = await editor.DeleteAsync(U($"/api/scheduler/drafts/{other}"));
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        using (var deleted = await editor.DeleteAsync(U($"/api/scheduler/drafts/{id}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Empty((await editor.GetFromJsonAsync<JsonElement>(U("/api/scheduler/drafts"))).EnumerateArray());
        using var gone = await editor.DeleteAsync(U($"/api/scheduler/drafts/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    public void Dispose() => _app.Dispose();
}
