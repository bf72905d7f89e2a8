using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;
using netDumbster.smtp;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Notifications;

/// <summary>A real SMTP server in process and a webhook stand-in, and the settings that point an app at them.</summary>
public sealed class NotificationStandIns : IDisposable
{
    public WireMockServer Webhook { get; } = WireMockServer.Start();

    public SimpleSmtpServer Smtp { get; }

    public int SmtpPort { get; }

    public NotificationStandIns()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        SmtpPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Smtp = SimpleSmtpServer.Start(SmtpPort);
    }

    /// <summary>Points the app at the stand-ins, with short waits so retries happen within a test.</summary>
    public SocialOpsAppFactory Apply(SocialOpsAppFactory app, int digestAbove = 1000, string sendTimeout = "00:00:10")
    {
        app.Settings["Connectors:AllowInsecureBaseUrls"] = "true";
        app.Settings["Notifications:Smtp:Host"] = "127.0.0.1";
        app.Settings["Notifications:Smtp:Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Notifications:Smtp:From"] = "socialops@example.com";
        app.Settings["Notifications:Smtp:UseTls"] = "none";
        app.Settings["Notifications:PollInterval"] = "00:00:00.100";
        app.Settings["Notifications:SendTimeout"] = sendTimeout;
        app.Settings["Notifications:FirstBackoff"] = "00:00:00.500";
        app.Settings["Notifications:DigestAbove"] = digestAbove.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return app;
    }

    /// <summary>The webhook answers 200 on <paramref name="path"/>.</summary>
    public string Accept(string path)
    {
        Webhook.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        return Webhook.Url + path;
    }

    /// <summary>The bodies the webhook received on <paramref name="path"/>, oldest first.</summary>
    public IReadOnlyList<JsonNode> Received(string path) =>
        [.. Webhook.LogEntries.Where(e => e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime).Select(e => JsonNode.Parse(e.RequestMessage.Body!)!)];

    /// <summary>The emails the SMTP server received for <paramref name="to"/>.</summary>
    public IReadOnlyList<MimeMessage> Emails(string to) =>
        [.. Smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
            .Where(m => m.To.Mailboxes.Any(a => a.Address == to))];

    public static async Task<int> AddChannelAsync(SocialOpsAppFactory app, object request)
    {
        using var response = await app.CreateClientAs(Roles.Admin).PostAsJsonAsync("/api/notifications/channels", request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    /// <summary>Waits (at most <paramref name="seconds"/>) until <paramref name="done"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> done, string what, int seconds = 30)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (!done())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"Waited {seconds} s for {what}.");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Webhook.Stop();
        Webhook.Dispose();
        Smtp.Stop();
        Smtp.Dispose();
    }
}
