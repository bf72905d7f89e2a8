using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Webhook;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>Standard Webhooks deliveries to a receiver on loopback, and the address checks on webhook targets.</summary>
public sealed class WebhookConnectorTests : IDisposable
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(Key);
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    public WebhookConnectorTests() =>
        _receiver.Given(Request.Create().WithPath("/hooks/socialops").UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"id":"rcv-42"}"""));

    [Fact]
    public async Task DeliveriesAreSignedAndKeepTheirIdAcrossRetries()
    {
        var accountId = await ConnectAsync();
        _receiver.Given(Request.Create().WithPath("/hooks/socialops").UsingPost()).InScenario("flaky").WillSetStateTo("recovered").AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "1"));
        _receiver.ResetLogEntries();

        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new
        {
            platform = "webhook", accountId, content = "Hello receivers", hashtags = new[] { "#news" }, scheduledTime = SchedulerTestExtensions.InSeconds(1),
        });
        var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed or PostStatus.Unconfirmed);

        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal("rcv-42", post.ExternalId);
        var deliveries = _receiver.LogEntries.Select(e => e.RequestMessage).ToList();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal($"socialops-post-{id}", d.Headers!["webhook-id"].Single()));
        Assert.All(deliveries, d => Assert.True(SignedCorrectly(d.Headers!["webhook-id"].Single(), d.Headers["webhook-timestamp"].Single(), d.Headers["webhook-signature"].Single(), d.Body!)));
        using var body = System.Text.Json.JsonDocument.Parse(deliveries[1].Body!);
        Assert.Equal("post.published", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("Hello receivers\n\n#news", body.RootElement.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public void VerificationRejectsTamperedBodiesWrongKeysAndOldTimestamps()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var ts = now.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(Key, "msg_1", ts, "{\"a\":1}");
        var tolerance = TimeSpan.FromMinutes(5);
        var stamp = ts.ToString(CultureInfo.InvariantCulture);

        Assert.True(SignedCorrectly("msg_1", stamp, signature, "{\"a\":1}"));
        Assert.True(WebhookSignature.Verify(Key, "msg_1", stamp, "v1,bogus " + signature, "{\"a\":1}", now, tolerance));
        Assert.False(WebhookSignature.Verify(Key, "msg_1", stamp, signature, "{\"a\":2}", now, tolerance));
        Assert.False(WebhookSignature.Verify(Key, "msg_2", stamp, signature, "{\"a\":1}", now, tolerance));
        Assert.False(WebhookSignature.Verify([.. Key.Reverse()], "msg_1", stamp, signature, "{\"a\":1}", now, tolerance));
        Assert.False(WebhookSignature.Verify(Key, "msg_1", stamp, signature, "{\"a\":1}", now.AddMinutes(6), tolerance));
        Assert.False(WebhookSignature.Verify(Key, "msg_1", "soon", signature, "{\"a\":1}", now, tolerance));
        Assert.Null(WebhookSignature.Key("whsec_short"));
        Assert.Null(WebhookSignature.Key(Convert.ToBase64String(Key)));
    }

    [Fact]
    public async Task AReceiverThatRefusesTheSignatureFailsTheConnection()
    {
        _receiver.Given(Request.Create().WithPath("/hooks/socialops").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody("""{"message":"invalid signature"}"""));

        var (response, body) = await _app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "webhook", name = "Receiver", baseUrl = _receiver.Url + "/hooks/socialops", secret = Secret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid signature", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATargetsPathAndQueryAreUsedButNeverShown()
    {
        var (response, body) = await _app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "webhook", name = "Receiver", baseUrl = _receiver.Url + "/hooks/socialops?token=hush-123", secret = Secret });

        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("hush-123", Assert.Single(_receiver.LogEntries).RequestMessage.Query!["token"].Single());
        var listed = await _app.CreateClientAs(Roles.Admin).GetStringAsync(new Uri("/api/connections", UriKind.Relative));
        Assert.DoesNotContain("hush-123", listed + body, StringComparison.Ordinal);
        Assert.DoesNotContain("/hooks/socialops", listed + body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook", false, false, "AllowInsecureBaseUrls")]
    [InlineData("https://127.0.0.1/hook", false, false, "Loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", true, true, "Link-local")]
    [InlineData("https://[fe80::1]/hook", true, true, "Link-local")]
    [InlineData("https://10.0.0.5/hook", true, false, "Private")]
    [InlineData("https://192.168.1.10/hook", true, false, "Private")]
    [InlineData("http://hooks.example.org/hook", true, true, "https")]
    [InlineData("https://user:pw@hooks.example.org/hook", true, true, "user name")]
    public void InternalAndInsecureTargetsAreRefused(string url, bool insecure, bool privateNetworks, string reason)
    {
        var guard = new NetworkGuard(Options.Create(new ConnectorOptions { AllowInsecureBaseUrls = insecure, AllowPrivateNetworks = privateNetworks }));

        var (checkedUrl, problem) = guard.CheckUrl(url);

        Assert.Null(checkedUrl);
        Assert.Contains(reason, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://hooks.example.org/hook", false, false)]
    [InlineData("http://127.0.0.1:8080/hook", true, false)]
    [InlineData("http://localhost:8080/hook", true, false)]
    [InlineData("https://10.0.0.5/hook", false, true)]
    public void AllowedTargetsPass(string url, bool insecure, bool privateNetworks)
    {
        var guard = new NetworkGuard(Options.Create(new ConnectorOptions { AllowInsecureBaseUrls = insecure, AllowPrivateNetworks = privateNetworks }));

        Assert.Equal((new Uri(url), (string?)null), guard.CheckUrl(url));
    }

    [Fact]
    public async Task AHostThatResolvesToAnInternalAddressIsRefusedWhenConnecting()
    {
        using var app = new SocialOpsAppFactory();
        var connector = app.Services.GetRequiredService<WebhookConnector>();
        var connection = new Connection(1, Platform.Webhook, new Uri("https://localhost:1/hook"), null, null,
            new Dictionary<string, string> { [WebhookConnector.SecretField] = Secret });

        var ex = await Assert.ThrowsAsync<PublishException>(() => connector.PublishAsync(connection, new PublishRequest(1, 1, "x", [], [], "k"), CancellationToken.None));

        Assert.Equal(PublishFailureKind.Transient, ex.Kind);
        Assert.Contains("Loopback addresses are not allowed", ex.Message, StringComparison.Ordinal);
    }

    private async Task<int> ConnectAsync()
    {
        var (response, body) = await _app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "webhook", name = "Receiver", baseUrl = _receiver.Url + "/hooks/socialops", secret = Secret });
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var ping = Assert.Single(_receiver.LogEntries).RequestMessage;
        Assert.StartsWith("socialops-ping-", ping.Headers!["webhook-id"].Single(), StringComparison.Ordinal);
        Assert.True(SignedCorrectly(ping.Headers["webhook-id"].Single(), ping.Headers["webhook-timestamp"].Single(), ping.Headers["webhook-signature"].Single(), ping.Body!));
        return body.GetProperty("id").GetInt32();
    }

    /// <summary>The receiver's side, written from the Standard Webhooks specification rather than with the app's code.</summary>
    private static bool SignedCorrectly(string id, string timestamp, string signature, string body)
    {
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return signature.Split(' ').Contains(expected);
    }

    public void Dispose()
    {
        _app.Dispose();
        _receiver.Stop();
    }
}
