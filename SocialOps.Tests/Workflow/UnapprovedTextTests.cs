using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Workflow;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;

namespace SocialOps.Tests.Workflow;

/// <summary>
/// With approval required, no text goes out that nobody approved: an Editor's edit of a post that already tried to go
/// out sends it to review, and ending a series leaves no occurrence waiting to be approved. On SQLite and PostgreSQL.
/// </summary>
public abstract class UnapprovedTextTests : IDisposable
{
    private SocialOpsAppFactory? _app;

    protected abstract SocialOpsAppFactory NewApp();

    private SocialOpsAppFactory App => _app ??= Configure(NewApp());

    private static SocialOpsAppFactory Configure(SocialOpsAppFactory app)
    {
        app.Settings["Workflow:RequireApproval"] = "true";
        return app;
    }

    private static Uri U(string path) => new(path, UriKind.Relative);

    private async Task<int> AddAsync(PostStatus status)
    {
        var now = TimeProvider.System.GetUtcNow();
        return await App.DbAsync(async db =>
        {
            var post = new Post { Platform = Platform.Sandbox, Content = "Approved text", CreatedAt = now }.InState(status, now.AddMinutes(-30), "It did not go out.");
            db.Posts.Add(post);
            await db.SaveChangesAsync();
            return post.Id;
        });
    }

    private Task<Post> PostAsync(int id) => App.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));

    [Theory]
    [InlineData(PostStatus.Failed)]
    [InlineData(PostStatus.Retrying)]
    [InlineData(PostStatus.Missed)]
    [InlineData(PostStatus.Unconfirmed)]
    public async Task AnEditorsNewTextOnAPostThatTriedToGoOutWaitsForApprovalAndPublishNowSendsNothing(PostStatus status)
    {
        var id = await AddAsync(status);
        using var editor = App.CreateClientAs(Roles.Editor);

        using var edit = await editor.PutAsJsonAsync(U($"/api/scheduler/reschedule/{id}"), new { content = "Text nobody approved" });
        var listed = await editor.GetFromJsonAsync<JsonElement>(U("/api/scheduler/scheduled-posts?status=PendingApproval"));
        using var publish = await editor.PostAsync(U($"/api/scheduler/publish-now/{id}?confirm=true"), null);
        using var problem = JsonDocument.Parse(await publish.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);
        Assert.Equal(HttpStatusCode.Conflict, publish.StatusCode);
        Assert.Equal("PendingApproval", problem.RootElement.GetProperty("currentState").GetString());
        var post = await PostAsync(id);
        Assert.Equal((PostStatus.PendingApproval, "Text nobody approved"), (post.Status, post.Content));
        Assert.Equal(0, await App.SandboxCountAsync(id));
        Assert.False(await App.Services.GetRequiredService<Core.Scheduling.PostTriggers>().OwnExistsAsync(id)); // no retry left to send it
    }

    [Fact]
    public async Task EndingASeriesCallsOffTheOccurrenceThatWaitsForApprovalAndItCannotBeApprovedLater()
    {
        using var editor = App.CreateClientAs(Roles.Editor);
        using var approver = App.CreateClientAs(Roles.Approver);
        using var created = await editor.PostAsJsonAsync(U("/api/scheduler/schedule"),
            new { platform = "sandbox", content = "Every Monday", recurrencePattern = "0 9 * * 1", timeZone = "Europe/Berlin" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var version = (await PostAsync(id)).Version;
        Assert.Equal(PostStatus.PendingApproval, (await PostAsync(id)).Status);

        using var ended = await editor.DeleteAsync(U($"/api/scheduler/cancel/{id}?series=true"));
        using var approve = await approver.PostAsJsonAsync(U($"/api/scheduler/approvals/{id}/approve"), new { version });

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(PostStatus.Cancelled, (await PostAsync(id)).Status);
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Equal(0, await App.SandboxCountAsync(id));
        Assert.DoesNotContain(await App.Services.GetRequiredService<Approvals>().PendingAsync(), i => i.Id == id);
    }

    [Fact]
    public async Task AnApprovalWaitingWhenItsConnectionIsRemovedIsCalledOff()
    {
        var accountId = await App.DbAsync(async db =>
        {
            var account = new PlatformAccount { Platform = Platform.Sandbox, DisplayName = "Trial", IsSandbox = true, CreatedAt = TimeProvider.System.GetUtcNow() };
            db.PlatformAccounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });
        using var editor = App.CreateClientAs(Roles.Editor);
        using var created = await editor.PostAsJsonAsync(U("/api/scheduler/schedule"),
            new { platform = "sandbox", accountId, content = "Waits for a look", scheduledTime = TimeProvider.System.GetUtcNow().AddDays(1).ToString("O") });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await App.Services.GetRequiredService<Core.Publishing.Connections.ConnectionService>().RemoveAsync(accountId, Actor.System);

        Assert.Equal(PostStatus.Cancelled, (await PostAsync(id)).Status);
    }

    public void Dispose()
    {
        _app?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class UnapprovedTextOnSqliteTests : UnapprovedTextTests
{
    protected override SocialOpsAppFactory NewApp() => new();
}

public sealed class UnapprovedTextOnPostgresTests(PostgresDatabase database) : UnapprovedTextTests, IClassFixture<PostgresDatabase>
{
    protected override SocialOpsAppFactory NewApp() => new SocialOpsAppFactory().UsePostgres(database.ConnectionString);
}
