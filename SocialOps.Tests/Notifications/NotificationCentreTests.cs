using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Core.Notifications;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Notifications;

/// <summary>
/// Each person's own notifications: an event reaches the centre of everyone whose role may hear it and who chose it
/// (or whose role has it by default), once however many instances queue it; by email to their own address when chosen;
/// and each person reads and marks only their own.
/// </summary>
public sealed class NotificationCentreTests : IDisposable
{
    private const string Password = "correct-horse-42-battery";
    private readonly NotificationStandIns _standIns = new();
    private readonly SocialOpsAppFactory _app;

    public NotificationCentreTests()
    {
        _app = _standIns.Apply(new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false", ["Workflow:RequireApproval"] = "true" } });
    }

    private static Uri U(string path) => new(path, UriKind.Relative);

    private NotificationOutbox Outbox => _app.Services.GetRequiredService<NotificationOutbox>();

    private UserNotifications Centre => _app.Services.GetRequiredService<UserNotifications>();

    private async Task<string> UserAsync(string email, string role)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(email, Password, role, Actor.System);
        return user?.Id ?? throw new InvalidOperationException(string.Join(" ", errors));
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        _app.Services.GetRequiredService<FirstRunSetup>().Completed();
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var login = await HtmlForms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    private static NotificationMessage Waiting(int postId) =>
        new(NotificationEvents.ApprovalWaiting, $"approval.waiting:{postId}:1", $"Post {postId} on Sandbox waits for approval.\n\nText", postId, null, TimeProvider.System.GetUtcNow());

    private Task<List<UserNotification>> RowsAsync(string userId) =>
        _app.DbAsync(db => db.UserNotifications.AsNoTracking().Where(n => n.UserId == userId).ToListAsync());

    private static async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (!await done())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"Waited 30 s for {what}.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AnApprovalWaitingPostReachesEachApproversCentreOnceEvenFromTwoInstancesAndNoEditorsOrAnalysts()
    {
        var ava = await UserAsync("ava@example.com", Roles.Approver);
        var abe = await UserAsync("abe@example.com", Roles.Approver);
        var admin = await UserAsync("root@example.com", Roles.Admin);
        var ed = await UserAsync("ed@example.com", Roles.Editor);
        var ana = await UserAsync("ana@example.com", Roles.Analyst);
        var due = TimeProvider.System.GetUtcNow().AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        var (post, errors) = await _app.Services.GetRequiredService<SchedulingService>()
            .ScheduleAsync(new ScheduleRequest("sandbox", "Winter blend is back", due, "UTC"), new Actor("ed@example.com", ed, Access: Access.Editor));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        await WaitForAsync(async () => (await RowsAsync(ava)).Count > 0 && (await RowsAsync(abe)).Count > 0 && (await RowsAsync(admin)).Count > 0,
            "the approval to reach the approvers");

        // A second instance on the same database hears the same change and queues it again, as does this one.
        var row = Assert.Single(await RowsAsync(ava));
        using var second = _standIns.Apply(new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false", ["Data:Directory"] = _app.DataDirectory } });
        var again = new NotificationMessage(row.Event, row.EventKey, row.Text, row.PostId, row.Url, row.OccurredAt);
        await Task.WhenAll(Outbox.EnqueueAsync(again), second.Services.GetRequiredService<NotificationOutbox>().EnqueueAsync(again));

        foreach (var approver in new[] { ava, abe, admin })
        {
            var mine = Assert.Single(await RowsAsync(approver));
            Assert.Equal((NotificationEvents.ApprovalWaiting, post!.Id, (DateTimeOffset?)null), (mine.Event, mine.PostId, mine.ReadAt));
            Assert.Contains("waits for approval", mine.Text, StringComparison.Ordinal);
        }

        Assert.Empty(await RowsAsync(ed));
        Assert.Empty(await RowsAsync(ana));
        Assert.Empty(_standIns.Smtp.ReceivedEmail); // email is off until chosen
    }

    [Fact]
    public async Task TurningTheCentreOffKeepsAnEventOutAndTurningItBackOnLetsTheNextOneIn()
    {
        var ava = await UserAsync("ava@example.com", Roles.Approver);
        var actor = new Actor("ava@example.com", ava, Access: Access.Approver);

        Assert.Empty(await Centre.SaveChoicesAsync(actor, [new(NotificationEvents.ApprovalWaiting, InApp: false, Email: false)]));
        await Outbox.EnqueueAsync(Waiting(1));
        Assert.Empty(await RowsAsync(ava));
        Assert.Contains(await Centre.ChoicesAsync(actor), c => c is { Event: NotificationEvents.ApprovalWaiting, InApp: false, Email: false });

        Assert.Empty(await Centre.SaveChoicesAsync(actor, [new(NotificationEvents.ApprovalWaiting, InApp: true, Email: false)]));
        await Outbox.EnqueueAsync(Waiting(2));
        Assert.Equal(2, Assert.Single(await RowsAsync(ava)).PostId);
    }

    [Fact]
    public async Task AnEditorWhoChoosesFailedPostsHearsOfTheirOwnPostsOnly()
    {
        var ed = await UserAsync("ed@example.com", Roles.Editor);
        var other = await UserAsync("eve@example.com", Roles.Editor);
        var actor = new Actor("ed@example.com", ed, Access: Access.Editor);
        var due = TimeProvider.System.GetUtcNow().AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var scheduling = _app.Services.GetRequiredService<SchedulingService>();
        var (mine, _) = await scheduling.ScheduleAsync(new ScheduleRequest("sandbox", "Mine", due, "UTC"), actor);
        var (theirs, _) = await scheduling.ScheduleAsync(new ScheduleRequest("sandbox", "Theirs", due, "UTC"), new Actor("eve@example.com", other, Access: Access.Editor));
        NotificationMessage Failed(int id) => new(NotificationEvents.PostFailed, $"post.failed:{id}:1", $"Post {id} failed", id, null, TimeProvider.System.GetUtcNow());

        await Outbox.EnqueueAsync(Failed(mine!.Id)); // by default an Editor hears of no failures
        Assert.Empty(await RowsAsync(ed));

        Assert.Empty(await Centre.SaveChoicesAsync(actor, [new(NotificationEvents.PostFailed, InApp: true, Email: false)]));
        await Outbox.EnqueueAsync(new NotificationMessage(NotificationEvents.PostFailed, $"post.failed:{mine.Id}:2", "again", mine.Id, null, TimeProvider.System.GetUtcNow()));
        await Outbox.EnqueueAsync(Failed(theirs!.Id));

        Assert.Equal(mine.Id, Assert.Single(await RowsAsync(ed)).PostId);
        Assert.Empty(await RowsAsync(other));
    }

    [Fact]
    public async Task TheEmailChoiceSendsOneEmailToThePersonsOwnAddressEvenWhenQueuedTwice()
    {
        var ava = await UserAsync("ava@example.com", Roles.Approver);
        await UserAsync("abe@example.com", Roles.Approver);
        var actor = new Actor("ava@example.com", ava, Access: Access.Approver);
        Assert.Empty(await Centre.SaveChoicesAsync(actor, [new(NotificationEvents.ApprovalWaiting, InApp: false, Email: true)]));

        Assert.Equal(1, await Outbox.EnqueueAsync(Waiting(7)));
        Assert.Equal(0, await Outbox.EnqueueAsync(Waiting(7)));

        await NotificationStandIns.WaitUntilAsync(() => _standIns.Emails("ava@example.com").Count >= 1, "the email to ava");
        await WaitForAsync(async () => await _app.DbAsync(db => db.NotificationDeliveries.AllAsync(d => d.SentAt != null)), "the outbox to settle");
        var email = Assert.Single(_standIns.Emails("ava@example.com"));
        Assert.Equal("SocialOps: post 7 waits for approval", email.Subject);
        Assert.Contains("Post 7 on Sandbox waits for approval", email.TextBody, StringComparison.Ordinal);
        Assert.Empty(_standIns.Emails("abe@example.com"));
        Assert.Empty(await RowsAsync(ava)); // the centre was turned off
        var delivery = Assert.Single(await _app.DbAsync(db => db.NotificationDeliveries.AsNoTracking().ToListAsync()));
        Assert.Equal((ava, (int?)null, 1), (delivery.UserId, delivery.ChannelId, delivery.Attempts));
    }

    [Fact]
    public async Task MarkingReadThroughTheApiLowersTheUnreadCount()
    {
        await UserAsync("ava@example.com", Roles.Approver);
        using var client = await SignedInAsync("ava@example.com");
        foreach (var id in new[] { 1, 2, 3 })
        {
            await Outbox.EnqueueAsync(Waiting(id));
        }

        using var before = JsonDocument.Parse(await client.GetStringAsync(U("/api/notifications/mine")));
        var items = before.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, before.RootElement.GetProperty("unread").GetInt32());
        Assert.Equal(3, items.Count);

        using var one = await client.PostAsJsonAsync(U("/api/notifications/mine/read"), new { ids = new[] { items[0].GetProperty("id").GetInt64() } });
        using var afterOne = JsonDocument.Parse(await one.Content.ReadAsStringAsync());
        using var all = await client.PostAsJsonAsync(U("/api/notifications/mine/read"), new { });
        using var afterAll = JsonDocument.Parse(await all.Content.ReadAsStringAsync());
        using var end = JsonDocument.Parse(await client.GetStringAsync(U("/api/notifications/mine")));

        Assert.Equal((HttpStatusCode.OK, 1, 2), (one.StatusCode, afterOne.RootElement.GetProperty("marked").GetInt32(), afterOne.RootElement.GetProperty("unread").GetInt32()));
        Assert.Equal((HttpStatusCode.OK, 2, 0), (all.StatusCode, afterAll.RootElement.GetProperty("marked").GetInt32(), afterAll.RootElement.GetProperty("unread").GetInt32()));
        Assert.Equal(0, end.RootElement.GetProperty("unread").GetInt32());
        Assert.All(end.RootElement.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("read").GetBoolean()));
    }

    [Fact]
    public async Task EachPersonReadsAndMarksOnlyTheirOwnAndATokenHasNone()
    {
        await UserAsync("ava@example.com", Roles.Approver);
        var abe = await UserAsync("abe@example.com", Roles.Approver);
        var abeActor = new Actor("abe@example.com", abe, Access: Access.Approver);
        Assert.Empty(await Centre.SaveChoicesAsync(abeActor, [new(NotificationEvents.ApprovalWaiting, InApp: true, Email: false)]));
        await Outbox.EnqueueAsync(Waiting(1));
        var abesRow = Assert.Single(await RowsAsync(abe));
        using var ava = await SignedInAsync("ava@example.com");

        using var mine = JsonDocument.Parse(await ava.GetStringAsync(U("/api/notifications/mine")));
        using var marked = await ava.PostAsJsonAsync(U("/api/notifications/mine/read"), new { ids = new[] { abesRow.Id } });
        using var token = await _app.CreateClientAs(Roles.Admin).GetAsync(U("/api/notifications/mine"));
        using var anonymous = await _app.CreateAnonymousClient().GetAsync(U("/api/notifications/mine"));

        Assert.DoesNotContain(mine.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == abesRow.Id);
        Assert.Equal(0, JsonDocument.Parse(await marked.Content.ReadAsStringAsync()).RootElement.GetProperty("marked").GetInt32());
        Assert.Null(Assert.Single(await RowsAsync(abe)).ReadAt);
        Assert.Equal(1, (await Centre.MineAsync(abe)).Unread);
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task PreferencesListOnlyWhatTheRoleMayHearAndRefuseUnknownOrBarredEvents()
    {
        await UserAsync("ana@example.com", Roles.Analyst);
        await UserAsync("ed@example.com", Roles.Editor);
        using var analyst = await SignedInAsync("ana@example.com");
        using var editor = await SignedInAsync("ed@example.com");

        using var analystList = JsonDocument.Parse(await analyst.GetStringAsync(U("/api/notifications/preferences")));
        using var editorList = JsonDocument.Parse(await editor.GetStringAsync(U("/api/notifications/preferences")));
        using var unknown = await editor.PutAsJsonAsync(U("/api/notifications/preferences"), new { events = new[] { new { @event = "post.exploded", inApp = true, email = false } } });
        using var barred = await editor.PutAsJsonAsync(U("/api/notifications/preferences"), new { events = new[] { new { @event = "approval.waiting", inApp = true, email = false } } });
        using var good = await editor.PutAsJsonAsync(U("/api/notifications/preferences"), new { events = new[] { new { @event = "post.failed", inApp = true, email = true } } });
        using var after = JsonDocument.Parse(await good.Content.ReadAsStringAsync());

        Assert.Empty(analystList.RootElement.GetProperty("events").EnumerateArray());
        var editorEvents = editorList.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Equal(["post.failed", "post.unconfirmed", "post.missed", "ai.budget_reached"], editorEvents);
        foreach (var (response, words) in new[] { (unknown, "post.exploded"), (barred, "approval.waiting") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains(words, problem.RootElement.GetProperty("errors").GetProperty("events")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Contains(after.RootElement.GetProperty("events").EnumerateArray(),
            e => e.GetProperty("event").GetString() == "post.failed" && e.GetProperty("inApp").GetBoolean() && e.GetProperty("email").GetBoolean());
        Assert.Equal(1, await _app.DbAsync(db => db.UserNotificationPreferences.CountAsync()));
    }

    public void Dispose()
    {
        _app.Dispose();
        _standIns.Dispose();
    }
}
