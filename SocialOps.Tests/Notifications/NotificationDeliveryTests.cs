using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Identity;
using SocialOps.Core.Notifications;
using SocialOps.Tests.Harness;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace SocialOps.Tests.Notifications;

/// <summary>Each event reaches a webhook and a real SMTP server once; failures are retried with backoff; bursts become a digest.</summary>
public sealed class NotificationDeliveryTests : IDisposable
{
    private readonly NotificationStandIns _standIns = new();
    private readonly SocialOpsAppFactory _app;

    public NotificationDeliveryTests()
    {
        _app = _standIns.Apply(new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false" } });
    }

    private static string[] AllEvents => [.. NotificationEvents.All.Select(e => e.Name)];

    private Task<int> EnqueueAsync(NotificationMessage message) => _app.Services.GetRequiredService<NotificationOutbox>().EnqueueAsync(message);

    private static NotificationMessage Message(string name, string key, string text, int? postId = null) =>
        new(name, key, text, postId, postId is null ? null : $"https://social.example.com/posts/{postId}", TimeProvider.System.GetUtcNow());

    [Fact]
    public async Task EachEventKindReachesTheWebhookAndTheMailboxExactlyOnceEvenWhenRaisedTwice()
    {
        var url = _standIns.Accept("/each-event");
        await NotificationStandIns.AddChannelAsync(_app, new { kind = "webhook", name = "ops chat", url, format = "json", events = AllEvents });
        await NotificationStandIns.AddChannelAsync(_app, new { kind = "email", name = "ops mail", to = "ops@example.com", events = AllEvents });

        var postId = 100;
        foreach (var name in AllEvents)
        {
            var message = Message(name, $"{name}:{postId}", $"{name} happened to post {postId}", postId);
            Assert.Equal(2, await EnqueueAsync(message));
            Assert.Equal(0, await EnqueueAsync(message)); // the same event heard again queues nothing
            postId++;
        }

        await NotificationStandIns.WaitUntilAsync(() => _standIns.Received("/each-event").Count >= AllEvents.Length && _standIns.Emails("ops@example.com").Count >= AllEvents.Length,
            "every event at both channels");
        await WaitForOutboxToSettleAsync();

        var bodies = _standIns.Received("/each-event");
        var emails = _standIns.Emails("ops@example.com");
        Assert.Equal(AllEvents.Order(), bodies.Select(b => (string)b["event"]!).Order());
        Assert.Equal(AllEvents.Length, emails.Count);
        foreach (var (name, i) in AllEvents.Select((n, i) => (n, i)))
        {
            var body = Assert.Single(bodies, b => (string)b["event"]! == name);
            Assert.Equal(100 + i, (int)body["postId"]!);
            Assert.Equal($"{name} happened to post {100 + i}", (string)body["text"]!);
            Assert.Equal($"https://social.example.com/posts/{100 + i}", (string)body["url"]!);
            Assert.True(DateTimeOffset.TryParse((string)body["occurredAtUtc"]!, System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.Single(emails, e => (e.TextBody ?? "").Contains($"{name} happened to post {100 + i}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AWebhookAnswering500IsRetriedAfterABackoffAndThenSentOnce()
    {
        const string path = "/flaky";
        var answered = 0;
        _standIns.Webhook.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(Response.Create()
            .WithCallback(_ => new ResponseMessage { StatusCode = Interlocked.Increment(ref answered) == 1 ? 500 : 200 }));
        await NotificationStandIns.AddChannelAsync(_app, new { kind = "webhook", name = "flaky", url = _standIns.Webhook.Url + path, events = new[] { "post.failed" } });

        await EnqueueAsync(Message("post.failed", "post.failed:7", "post 7 failed", 7));

        var row = await WaitForSentAsync("post.failed:7");
        var calls = _standIns.Webhook.LogEntries.Where(e => e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime).ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(2, row.Attempts);
        Assert.Contains("500", row.LastError, StringComparison.Ordinal);
        Assert.True(calls[1].RequestMessage.DateTime - calls[0].RequestMessage.DateTime >= TimeSpan.FromMilliseconds(500),
            $"the retry came {(calls[1].RequestMessage.DateTime - calls[0].RequestMessage.DateTime).TotalMilliseconds} ms after the failure, before the backoff");
    }

    [Fact]
    public async Task AWebhookThatHangsTimesOutAndIsRetried()
    {
        const string path = "/hangs";
        var answered = 0;
        _standIns.Webhook.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
        {
            if (Interlocked.Increment(ref answered) == 1)
            {
                Thread.Sleep(TimeSpan.FromSeconds(4)); // the first call hangs well past the 1 s timeout
            }

            return new ResponseMessage { StatusCode = 200 };
        }));
        using var app = _standIns.Apply(new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false" } }, sendTimeout: "00:00:01");
        await NotificationStandIns.AddChannelAsync(app, new { kind = "webhook", name = "sleepy", url = _standIns.Webhook.Url + path, events = new[] { "post.missed" } });

        await app.Services.GetRequiredService<NotificationOutbox>().EnqueueAsync(Message("post.missed", "post.missed:8", "post 8 missed", 8));

        var row = await WaitForSentAsync("post.missed:8", app);
        Assert.Equal(2, row.Attempts);
        Assert.Contains("No answer within 1 s", row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABurstToOneChannelGoesOutAsOneDigest()
    {
        using var app = _standIns.Apply(new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false" } }, digestAbove: 3);
        var url = _standIns.Accept("/burst");
        var channelId = await NotificationStandIns.AddChannelAsync(app, new { kind = "webhook", name = "burst", url, format = "slack", events = new[] { "post.failed" } });

        // Twelve failures committed at once, as when a platform goes down under a full queue.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<Core.Data.SocialOpsDbContext>>().CreateDbContextAsync())
        {
            var now = TimeProvider.System.GetUtcNow();
            db.NotificationDeliveries.AddRange(Enumerable.Range(1, 12).Select(i => new NotificationDelivery
            {
                ChannelId = channelId, EventKey = $"post.failed:{i}", Event = "post.failed", Text = $"Post {i} failed.", PostId = i,
                OccurredAt = now, CreatedAt = now, NextAttemptAt = now,
            }));
            await db.SaveChangesAsync();
        }

        await NotificationStandIns.WaitUntilAsync(() => _standIns.Received("/burst").Count >= 1, "the digest");
        await WaitForOutboxToSettleAsync(app);

        var digest = Assert.Single(_standIns.Received("/burst"));
        var text = (string)digest["text"]!;
        Assert.Contains("12 notifications at once", text, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(1, 12), i => Assert.Contains($"(post {i})", text, StringComparison.Ordinal));
        var rows = await app.Services.GetRequiredService<IDbContextFactory<Core.Data.SocialOpsDbContext>>().CreateDbContext().NotificationDeliveries.ToListAsync();
        Assert.All(rows, r => Assert.True(r.SentAt is not null && r.InDigest));
    }

    public static TheoryData<string, object, string, string> BadChannels => new()
    {
        { "a cloud metadata address", new { kind = "webhook", name = "x", url = "https://169.254.169.254/latest", events = new[] { "post.failed" } }, "url", "Link-local" },
        { "http to a public host", new { kind = "webhook", name = "x", url = "http://chat.example.com/hook", events = new[] { "post.failed" } }, "url", "Only https://" },
        { "a private network", new { kind = "webhook", name = "x", url = "https://10.1.2.3/hook", events = new[] { "post.failed" } }, "url", "Private-network" },
        { "no address", new { kind = "webhook", name = "x", events = new[] { "post.failed" } }, "url", "absolute https://" },
        { "an unknown format", new { kind = "webhook", name = "x", url = "https://chat.example.com/hook", format = "irc", events = new[] { "post.failed" } }, "format", "json, slack, discord or teams" },
        { "an unknown event", new { kind = "webhook", name = "x", url = "https://chat.example.com/hook", events = new[] { "post.exploded" } }, "events", "post.exploded" },
        { "no events", new { kind = "webhook", name = "x", url = "https://chat.example.com/hook", events = Array.Empty<string>() }, "events", "at least one" },
        { "an unknown kind", new { kind = "pager", name = "x", events = new[] { "post.failed" } }, "kind", "webhook or email" },
        { "a bad recipient", new { kind = "email", name = "x", to = "not an address", events = new[] { "post.failed" } }, "to", "email address" },
        { "no name", new { kind = "email", to = "ops@example.com", events = new[] { "post.failed" } }, "name", "name" },
    };

    [Theory]
    [MemberData(nameof(BadChannels))]
    public async Task ABadChannelIsRefusedWithAClearMessageAndNothingIsAdded(string what, object request, string field, string words)
    {
        using var response = await _app.CreateClientAs(Roles.Admin).PostAsJsonAsync("/api/notifications/channels", request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var messages = JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!);
        Assert.Contains(messages, m => m.Contains(words, StringComparison.Ordinal));
        var list = await _app.CreateClientAs(Roles.Admin).GetFromJsonAsync<JsonElement>("/api/notifications/channels");
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task LoopbackWebhooksAreRefusedUnlessInsecureBaseUrlsAreAllowed()
    {
        using var strict = new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false" } };
        using var response = await strict.CreateClientAs(Roles.Admin).PostAsJsonAsync("/api/notifications/channels",
            new { kind = "webhook", name = "local", url = _standIns.Webhook.Url + "/local", events = new[] { "post.failed" } });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Connectors:AllowInsecureBaseUrls", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelsAreListedTestedAndRemovedByAdminsOnly()
    {
        var url = _standIns.Accept("/tested");
        var id = await NotificationStandIns.AddChannelAsync(_app, new { kind = "webhook", name = "teams room", url, format = "teams", events = new[] { "approval.waiting" } });
        var admin = _app.CreateClientAs(Roles.Admin);
        var editor = _app.CreateClientAs(Roles.Editor);

        using var test = await admin.PostAsync(new Uri($"/api/notifications/channels/{id}/test", UriKind.Relative), null);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/notifications/channels");
        using var editorList = await editor.GetAsync("/api/notifications/channels");
        using var editorAdd = await editor.PostAsJsonAsync("/api/notifications/channels", new { kind = "webhook", name = "x", url, events = new[] { "post.failed" } });
        using var editorDelete = await editor.DeleteAsync($"/api/notifications/channels/{id}");

        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        var card = Assert.Single(_standIns.Received("/tested"));
        Assert.Equal("MessageCard", (string)card["@type"]!);
        Assert.Contains("teams room", (string)card["text"]!, StringComparison.Ordinal);
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(("webhook", "teams", "teams room"), (listed.GetProperty("kind").GetString(), listed.GetProperty("format").GetString(), listed.GetProperty("name").GetString()));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (editorList.StatusCode, editorAdd.StatusCode, editorDelete.StatusCode));

        using var deleted = await admin.DeleteAsync($"/api/notifications/channels/{id}");
        using var again = await admin.DeleteAsync($"/api/notifications/channels/{id}");
        using var testGone = await admin.PostAsync(new Uri($"/api/notifications/channels/{id}/test", UriKind.Relative), null);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (deleted.StatusCode, again.StatusCode, testGone.StatusCode));
    }

    [Fact]
    public async Task ATestToAWebhookThatFailsSaysWhy()
    {
        const string path = "/broken";
        _standIns.Webhook.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        var id = await NotificationStandIns.AddChannelAsync(_app, new { kind = "webhook", name = "broken", url = _standIns.Webhook.Url + path, format = "discord", events = new[] { "post.failed" } });

        using var test = await _app.CreateClientAs(Roles.Admin).PostAsync(new Uri($"/api/notifications/channels/{id}/test", UriKind.Relative), null);
        var problem = await test.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadGateway, test.StatusCode);
        Assert.Contains("503", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("SocialOps", (string)Assert.Single(_standIns.Received(path))["content"]!, StringComparison.Ordinal);
    }

    private async Task<NotificationDelivery> WaitForSentAsync(string key, SocialOpsAppFactory? app = null)
    {
        var contexts = (app ?? _app).Services.GetRequiredService<IDbContextFactory<Core.Data.SocialOpsDbContext>>();
        NotificationDelivery? row = null;
        await NotificationStandIns.WaitUntilAsync(() =>
        {
            using var db = contexts.CreateDbContext();
            row = db.NotificationDeliveries.AsNoTracking().Single(d => d.EventKey == key);
            return row.SentAt is not null;
        }, $"{key} to be sent");
        return row!;
    }

    /// <summary>Waits until nothing is left to send or held by a sender, so a late duplicate would have shown.</summary>
    private async Task WaitForOutboxToSettleAsync(SocialOpsAppFactory? app = null)
    {
        var contexts = (app ?? _app).Services.GetRequiredService<IDbContextFactory<Core.Data.SocialOpsDbContext>>();
        await NotificationStandIns.WaitUntilAsync(() =>
        {
            using var db = contexts.CreateDbContext();
            return !db.NotificationDeliveries.Any(d => (d.SentAt == null && d.GaveUpAt == null) || d.ClaimToken != null);
        }, "the outbox to settle");
        await Task.Delay(300); // three more polls of the sender, which must find nothing
    }

    public void Dispose()
    {
        _app.Dispose();
        _standIns.Dispose();
    }
}
