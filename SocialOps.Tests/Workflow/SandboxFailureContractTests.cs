using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;

namespace SocialOps.Tests.Workflow;

/// <summary>
/// Through the API only: a post refused by an armed Sandbox, edited by an Editor whose posts need approval, goes back to
/// review, and that Editor cannot push the new text out past it.
/// </summary>
internal static class SandboxFailureContract
{
    public static async Task AFailedPostEditedByAnEditorWaitsForApprovalAndItsNewTextNeverReachesTheSandboxAsync(SocialOpsAppFactory app)
    {
        app.Settings["Workflow:RequireApproval"] = "true";
        var editor = app.CreateClientAs(Roles.Editor);
        var admin = app.CreateClientAs(Roles.Admin);

        using (var armed = await editor.PostAsJsonAsync("/api/sandbox/failures", new { mode = "permanent", count = 1 }))
        {
            Assert.Equal(HttpStatusCode.Created, armed.StatusCode);
        }

        var id = await admin.ScheduleAsync(new { platform = "sandbox", content = "first text", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        var failed = await WaitForStatusAsync(editor, id, "Failed");
        Assert.Contains("permanent", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        using (var edited = await editor.PutAsJsonAsync($"/api/scheduler/reschedule/{id}", new { content = "new text" }))
        {
            Assert.True(edited.IsSuccessStatusCode, await edited.Content.ReadAsStringAsync());
        }

        var listed = await FindAsync(editor, id);
        using var publishNow = await editor.PostAsync(new Uri($"/api/scheduler/publish-now/{id}", UriKind.Relative), null);
        var sandbox = await editor.GetFromJsonAsync<JsonElement>($"/api/sandbox/posts?postId={id}");

        Assert.Equal("PendingApproval", listed?.GetProperty("status").GetString());
        Assert.True(publishNow.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Conflict, $"publish-now answered {(int)publishNow.StatusCode}");
        Assert.Equal(0, sandbox.GetProperty("total").GetInt32());
        Assert.DoesNotContain(sandbox.GetProperty("items").EnumerateArray(), p => p.GetProperty("content").GetString() == "new text");
    }

    private static async Task<JsonElement?> FindAsync(HttpClient client, int id)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/scheduler/scheduled-posts?take=500");
        return list.GetProperty("items").EnumerateArray().Where(p => p.GetProperty("id").GetInt32() == id).Cast<JsonElement?>().SingleOrDefault();
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient client, int id, string status)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (true)
        {
            if (await FindAsync(client, id) is { } post && post.GetProperty("status").GetString() == status)
            {
                return post;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"post {id} did not become {status}");
            await Task.Delay(100);
        }
    }
}

public sealed class SandboxFailureContractTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    [Fact]
    public Task AFailedPostEditedByAnEditorWaitsForApprovalAndItsNewTextNeverReachesTheSandboxOnSqlite() =>
        SandboxFailureContract.AFailedPostEditedByAnEditorWaitsForApprovalAndItsNewTextNeverReachesTheSandboxAsync(_app);

    public void Dispose() => _app.Dispose();
}

public sealed class SandboxFailurePostgresContractTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private SocialOpsAppFactory? _app;

    [Fact]
    public Task AFailedPostEditedByAnEditorWaitsForApprovalAndItsNewTextNeverReachesTheSandboxOnPostgres() =>
        SandboxFailureContract.AFailedPostEditedByAnEditorWaitsForApprovalAndItsNewTextNeverReachesTheSandboxAsync(
            _app = new SocialOpsAppFactory().UsePostgres(database.ConnectionString));

    public void Dispose() => _app?.Dispose();
}
