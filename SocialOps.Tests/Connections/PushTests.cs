using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>Comments pushed by platforms: verified by signature before anything is stored, stored once, analysed.</summary>
public sealed class PushTests : IDisposable
{
    private static readonly byte[] Key = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];
    private const string AppSecret = "meta-app-secret-123";
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    public PushTests()
    {
        _app.Settings["Connectors:MetaAppSecret"] = AppSecret;
        _app.Settings["Connectors:MetaVerifyToken"] = "verify-me";
        _receiver.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
    }

    [Fact]
    public async Task ASignedCommentIsStoredOnceAndAnalysedAndABadOneIsRefused()
    {
        var (created, body) = await _app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "webhook", name = "Shop comments", baseUrl = _receiver.Url + "/in", secret = "whsec_" + Convert.ToBase64String(Key) });
        Assert.True(created.IsSuccessStatusCode, body.ToString());
        var id = body.GetProperty("id").GetInt32();
        var delivery = """{"type":"comment.created","data":{"id":"c-1","text":"The grinder broke after two days, I want a refund.","authorName":"Sam"}}""";
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

        var good = await SendSignedAsync(id, "msg_1", now, delivery, delivery);
        var again = await SendSignedAsync(id, "msg_1", now, delivery, delivery);
        var tampered = await SendSignedAsync(id, "msg_2", now, delivery, delivery.Replace("c-1", "c-2", StringComparison.Ordinal));
        var stale = await SendSignedAsync(id, "msg_3", now - 3600, delivery.Replace("c-1", "c-3", StringComparison.Ordinal), delivery.Replace("c-1", "c-3", StringComparison.Ordinal));
        var wrongType = await SendSignedAsync(id, "msg_4", now, """{"type":"ping"}""", """{"type":"ping"}""");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest),
            (good, again, tampered, stale, wrongType));
        var stored = await _app.DbAsync(db => db.Interactions.Include(i => i.Sentiment).Where(i => i.AccountId == id).ToListAsync());
        var comment = Assert.Single(stored);
        Assert.Equal("c-1", comment.ExternalId);
        Assert.NotNull(comment.Sentiment);
    }

    [Fact]
    public async Task TwoWebhookConnectionsSendingTheSameCommentIdKeepTwoComments()
    {
        // Webhook senders choose their own ids: the shop and the café both number their first comment c-1.
        var shop = await AddWebhookAsync("Shop comments");
        var cafe = await AddWebhookAsync("Cafe comments");
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var fromShop = """{"type":"comment.created","data":{"id":"c-1","text":"Where is my order?","authorName":"Sam"}}""";
        var fromCafe = """{"type":"comment.created","data":{"id":"c-1","text":"Lovely flat white today.","authorName":"Ann"}}""";

        var statuses = new[]
        {
            await SendSignedAsync(shop, "msg_shop_1", now, fromShop, fromShop),
            await SendSignedAsync(cafe, "msg_cafe_1", now, fromCafe, fromCafe),
            await SendSignedAsync(shop, "msg_shop_2", now, fromShop, fromShop), // the shop sends c-1 again, as a new delivery
        };

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var stored = await _app.DbAsync(db => db.Interactions.Where(i => i.ExternalId == "c-1").OrderBy(i => i.Id).ToListAsync());
        Assert.Equal([(shop, "Where is my order?"), (cafe, "Lovely flat white today.")], stored.Select(i => (i.AccountId!.Value, i.Text)));
    }

    private async Task<int> AddWebhookAsync(string name)
    {
        var (created, body) = await _app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "webhook", name, baseUrl = _receiver.Url + "/in/" + name.Split(' ')[0], secret = "whsec_" + Convert.ToBase64String(Key) });
        Assert.True(created.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task MetaSubscriptionsAndSignedDeliveriesAreVerified()
    {
        var accountId = await _app.DbAsync(async db =>
        {
            var account = new PlatformAccount { Platform = Platform.Instagram, DisplayName = "IG", ExternalId = "17841400000", CreatedAt = TimeProvider.System.GetUtcNow() };
            db.PlatformAccounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });
        var client = _app.CreateAnonymousClient();

        var handshake = await client.GetStringAsync(new Uri("/hooks/meta?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", UriKind.Relative));
        using var refused = await client.GetAsync(new Uri("/hooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1", UriKind.Relative));
        var payload = """{"object":"instagram","entry":[{"id":"17841400000","time":1764237600,"changes":[{"field":"comments","value":{"from":{"id":"2323","username":"latte_fan"},"media":{"id":"17900000001","media_product_type":"FEED"},"id":"17865799348089039","text":"Love this cup!"}}]}]}""";
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), Encoding.UTF8.GetBytes(payload)));
        using var forged = await PostAsync(client, "/hooks/meta", payload, ("X-Hub-Signature-256", "sha256=" + new string('0', 64)));
        using var unsigned = await PostAsync(client, "/hooks/meta", payload);
        using var signedOk = await PostAsync(client, "/hooks/meta", payload, ("X-Hub-Signature-256", signature));

        Assert.Equal("1158201444", handshake);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK), (forged.StatusCode, unsigned.StatusCode, signedOk.StatusCode));
        var comment = Assert.Single(await _app.DbAsync(db => db.Interactions.Where(i => i.AccountId == accountId).ToListAsync()));
        Assert.Equal(("17865799348089039", "@latte_fan", "Love this cup!"), (comment.ExternalId, comment.AuthorHandle, comment.Text));
    }

    private async Task<HttpStatusCode> SendSignedAsync(int id, string messageId, long timestamp, string signedBody, string sentBody)
    {
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        var signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes($"{messageId}.{ts}.{signedBody}")));
        using var response = await PostAsync(_app.CreateAnonymousClient(), $"/hooks/connections/{id}", sentBody,
            ("webhook-id", messageId), ("webhook-timestamp", ts), ("webhook-signature", signature));
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    public void Dispose()
    {
        _app.Dispose();
        _receiver.Stop();
    }
}
