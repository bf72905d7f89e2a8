using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Workflow;

/// <summary>The approval state machine through the API: who submits, who approves, and what an edit or a late decision does.</summary>
public sealed class ApprovalTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2027, 1, 11, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly SocialOpsAppFactory _app = new();

    public ApprovalTests()
    {
        _app.Time = _time;
        _app.Settings["Workflow:RequireApproval"] = "true";
    }

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static async Task<int> ScheduleAsync(HttpClient client, string content, string status)
    {
        using var response = await client.PostAsJsonAsync(U("/api/scheduler/schedule"),
            new { platform = "sandbox", content, scheduledTime = "2027-01-12T10:00:00", timeZone = "Europe/Berlin" });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(status, body.RootElement.GetProperty("status").GetString());
        return body.RootElement.GetProperty("id").GetInt32();
    }

    private async Task<Post> PostAsync(int id)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return await db.Posts.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private static async Task<long> VersionInReviewAsync(HttpClient approver, int id)
    {
        var list = await approver.GetFromJsonAsync<JsonElement>(U("/api/scheduler/approvals"));
        return list.EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == id).GetProperty("version").GetInt64();
    }

    [Fact]
    public async Task AnAiDraftAnEditorSchedulesWaitsForReviewToo()
    {
        using var editor = _app.CreateClientAs(Roles.Editor);

        using var response = await editor.PostAsJsonAsync(U("/api/scheduler/schedule-with-ai"), new
        {
            prompt = "Our winter blend is back", platform = "sandbox", scheduledTime = "2027-01-12T10:00:00", timeZone = "Europe/Berlin", language = "en", tone = "friendly",
        });

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("PendingApproval", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(PostStatus.PendingApproval, (await PostAsync(body.RootElement.GetProperty("id").GetInt32())).Status);
    }

    [Fact]
    public async Task AnEditorsPostWaitsForAnApproverAndAnEditSendsItBack()
    {
        var editor = _app.CreateClientAs(Roles.Editor);
        var approver = _app.CreateClientAs(Roles.Approver);
        var id = await ScheduleAsync(editor, "Needs a second pair of eyes", "PendingApproval");

        Assert.False(await _app.Services.GetRequiredService<SocialOps.Core.Scheduling.PostTriggers>().ExistsAsync(id));
        using (var own = await editor.GetAsync(U("/api/scheduler/approvals")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode); // an Editor cannot review
        }

        var pending = await editor.GetFromJsonAsync<JsonElement>(U("/api/scheduler/scheduled-posts?status=PendingApproval"));
        Assert.Equal(1, pending.GetProperty("total").GetInt32());

        var version = await VersionInReviewAsync(approver, id);
        using (var missing = await approver.PostAsJsonAsync(U($"/api/scheduler/approvals/{id}/approve"), new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode); // nothing is approved without saying which version was reviewed
        }

        using (var approved = await approver.PostAsJsonAsync(U($"/api/scheduler/approvals/{id}/approve"), new { version }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        Assert.Equal(PostStatus.Scheduled, (await PostAsync(id)).Status);
        Assert.True(await _app.Services.GetRequiredService<SocialOps.Core.Scheduling.PostTriggers>().ExistsAsync(id));

        // The author edits the approved post: it goes back for approval, and the reviewer's old version no longer counts.
        using (var edit = await editor.PutAsJsonAsync(U($"/api/scheduler/reschedule/{id}"), new { content = "Changed after approval" }))
        {
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
            Assert.Contains("PendingApproval", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.False(await _app.Services.GetRequiredService<SocialOps.Core.Scheduling.PostTriggers>().ExistsAsync(id));
        using (var stale = await approver.PostAsJsonAsync(U($"/api/scheduler/approvals/{id}/approve"), new { version }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
            Assert.Contains("edited", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(PostStatus.PendingApproval, (await PostAsync(id)).Status);
        Assert.Equal("Changed after approval", (await PostAsync(id)).Content);
    }

    [Fact]
    public async Task ARejectedPostGoesBackToItsAuthorAsADraftWithTheComment()
    {
        var editor = _app.CreateClientAs(Roles.Editor);
        var admin = _app.CreateClientAs(Roles.Admin);
        var id = await ScheduleAsync(editor, "Off brand", "PendingApproval");
        var version = await VersionInReviewAsync(admin, id);

        using (var empty = await admin.PostAsJsonAsync(U($"/api/scheduler/approvals/{id}/reject"), new { version, comment = " " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }

        using (var rejected = await admin.PostAsJsonAsync(U($"/api/scheduler/approvals/{id}/reject"), new { version, comment = "Use the new logo wording" }))
        {
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }

        var drafts = await editor.GetFromJsonAsync<JsonElement>(U("/api/scheduler/drafts"));
        var draft = drafts.EnumerateArray().Single(d => d.GetProperty("id").GetInt32() == id);
        Assert.Equal("Use the new logo wording", draft.GetProperty("reviewComment").GetString());
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "post.reject" && a.EntityId == key));
    }

    [Fact]
    public async Task APostWhoseTimePassedDuringReviewNeedsANewTime()
    {
        var editor = _app.CreateClientAs(Roles.Editor);
        var approver = _app.CreateClientAs(Roles.Approver);
        var id = await ScheduleAsync(editor, "Waited too long", "PendingApproval");
        var version = await VersionInReviewAsync(approver, id);
        _time.Advance(TimeSpan.FromDays(2));

        using (var late = await approver.PostAsJsonAsync(U($"/api/scheduler/approvals/{id}/approve"), new { version }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
            Assert.Contains("scheduledTime", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(PostStatus.PendingApproval, (await PostAsync(id)).Status);
        using (var retimed = await approver.PostAsJsonAsync(U($"/api/scheduler/approvals/{id}/approve"),
                   new { version, scheduledTime = "2027-01-14T10:00:00", timeZone = "Europe/Berlin" }))
        {
            Assert.Equal(HttpStatusCode.OK, retimed.StatusCode);
        }

        var post = await PostAsync(id);
        Assert.Equal(PostStatus.Scheduled, post.Status);
        Assert.Equal(new DateTimeOffset(2027, 1, 14, 9, 0, 0, TimeSpan.Zero), post.ScheduledFor);
    }

    [Fact]
    public async Task ARejectedSeriesStopsSoNoLaterOccurrenceGoesOutUnreviewed()
    {
        var editor = _app.CreateClientAs(Roles.Editor);
        var admin = _app.CreateClientAs(Roles.Admin);
        using var response = await editor.PostAsJsonAsync(U("/api/scheduler/schedule"),
            new { platform = "sandbox", content = "Every Monday", recurrencePattern = "0 9 * * 1", timeZone = "Europe/Berlin" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(PostStatus.PendingApproval, (await PostAsync(id)).Status);

        using var rejected = await admin.PostAsJsonAsync(U($"/api/scheduler/approvals/{id}/reject"), new { version = await VersionInReviewAsync(admin, id), comment = "Not weekly" });

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var post = await db.Posts.Include(p => p.Schedule).SingleAsync(p => p.Id == id);
        Assert.Equal(PostStatus.Draft, post.Status);
        Assert.False(post.Schedule!.IsActive);
        Assert.Equal(1, await db.Posts.CountAsync(p => p.ScheduleId == post.ScheduleId));
    }

    [Fact]
    public async Task ApproversAndAdminsScheduleWithoutReview()
    {
        await ScheduleAsync(_app.CreateClientAs(Roles.Approver), "Straight out", "Scheduled");
        await ScheduleAsync(_app.CreateClientAs(Roles.Admin), "Straight out too", "Scheduled");
    }

    public void Dispose() => _app.Dispose();
}
