using System.Net;
using System.Net.Http.Json;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;

namespace SocialOps.Tests.Notifications;

/// <summary>
/// The contract through the API: with a webhook and an email channel for post.failed, a Sandbox post armed to
/// fail permanently reaches the webhook once (naming the post) and the SMTP server once (with the post's text).
/// </summary>
public sealed class NotificationContractTests : IDisposable
{
    private readonly NotificationStandIns _standIns = new();
    private readonly SocialOpsAppFactory _app;

    public NotificationContractTests() => _app = _standIns.Apply(new SocialOpsAppFactory());

    [Fact]
    public async Task AFailedSandboxPostReachesTheWebhookAndTheMailboxOnceWithin30Seconds()
    {
        var url = _standIns.Accept("/contract");
        await NotificationStandIns.AddChannelAsync(_app, new { kind = "webhook", name = "ops chat", url, format = "json", events = new[] { "post.failed" } });
        await NotificationStandIns.AddChannelAsync(_app, new { kind = "email", name = "ops mail", to = "ops@example.com", events = new[] { "post.failed" } });
        var editor = _app.CreateClientAs(Roles.Editor);
        using (var armed = await editor.PostAsJsonAsync("/api/sandbox/failures", new { mode = "permanent", count = 1 }))
        {
            Assert.Equal(HttpStatusCode.Created, armed.StatusCode);
        }

        const string text = "Spring sale starts now, notification contract";
        var id = await editor.ScheduleAsync(new { platform = "sandbox", content = text, scheduledTime = SchedulerTestExtensions.InSeconds(5) });

        await NotificationStandIns.WaitUntilAsync(() => _standIns.Received("/contract").Count >= 1 && _standIns.Emails("ops@example.com").Count >= 1,
            "the webhook message and the email", seconds: 35); // due in 5 s, then within 30 s
        await Task.Delay(1000); // ten polls of the sender: a duplicate would arrive now

        var body = Assert.Single(_standIns.Received("/contract"));
        Assert.Equal("post.failed", (string)body["event"]!);
        Assert.Equal(id, (int)body["postId"]!);
        Assert.Contains(text, (string)body["text"]!, StringComparison.Ordinal);
        var email = Assert.Single(_standIns.Emails("ops@example.com"));
        Assert.Contains(text, email.TextBody ?? "", StringComparison.Ordinal);
        Assert.Contains($"post {id}", email.Subject, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _app.Dispose();
        _standIns.Dispose();
    }
}
