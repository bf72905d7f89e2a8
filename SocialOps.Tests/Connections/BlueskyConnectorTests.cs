using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Bluesky;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Tests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>The Bluesky connector against a PDS stand-in speaking XRPC as the AT Protocol documents it.</summary>
public sealed class BlueskyConnectorTests : IDisposable
{
    private const string Did = "did:plc:brand7xq3v2k";
    private const string Password = "abcd-efgh-ijkl-mnop";
    private readonly WireMockServer _pds = WireMockServer.Start();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();
    private readonly Connection _connection;

    public BlueskyConnectorTests()
    {
        _connection = new Connection(1, Platform.Bluesky, new Uri(_pds.Url!), Did, "@brand.bsky.social",
            new Dictionary<string, string> { [BlueskyConnector.Identifier] = "brand.bsky.social", [BlueskyConnector.AppPassword] = Password });
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.server.createSession").UsingPost()).AtPriority(10)
            .RespondWith(Json(new { did = Did, handle = "brand.bsky.social", accessJwt = "access-1", refreshJwt = "refresh-1", active = true }));
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.server.refreshSession").UsingPost().WithHeader("Authorization", "Bearer refresh-1")).AtPriority(10)
            .RespondWith(Json(new { did = Did, handle = "brand.bsky.social", accessJwt = "access-2", refreshJwt = "refresh-2" }));
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.repo.createRecord").UsingPost()).AtPriority(10)
            .RespondWith(Json(new { uri = $"at://{Did}/app.bsky.feed.post/3kabc", cid = "bafyreib2rxk3rh6kzwq", commit = new { cid = "bafy", rev = "3k" } }));
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.identity.resolveHandle").WithParam("handle", "alice.bsky.social")).AtPriority(10)
            .RespondWith(Json(new { did = "did:plc:alice" }));
        _pds.Given(Request.Create().WithPath("/xrpc/app.bsky.actor.getProfile")).AtPriority(10)
            .RespondWith(Json(new { did = Did, handle = "brand.bsky.social", displayName = "Brand Coffee", avatar = "https://cdn.bsky.app/img/avatar/brand.jpg", followersCount = 321 }));
    }

    private BlueskyConnector Connector => _app.Services.GetRequiredService<BlueskyConnector>();

    private static IResponseBuilder Json(object body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8")
            .WithHeader("RateLimit-Limit", "5000").WithHeader("RateLimit-Remaining", "4990").WithHeader("RateLimit-Reset", "1795000000")
            .WithBody(JsonSerializer.Serialize(body));

    private static PublishRequest Post(string content = "Café ☕ https://ex.com/a #coffee") => new(5, 1, content, [], [], "socialops-post-5");

    [Fact]
    public async Task PublishCreatesTheRecordUnderItsOwnKeyWithFacetsInUtf8Bytes()
    {
        var result = await Connector.PublishAsync(_connection, Post("Café ☕ https://ex.com/a #coffee hi @alice.bsky.social"), CancellationToken.None);

        var login = Assert.Single(Requests("/xrpc/com.atproto.server.createSession"));
        Assert.Contains($"\"password\":\"{Password}\"", login.Body, StringComparison.Ordinal);
        var create = Assert.Single(Requests("/xrpc/com.atproto.repo.createRecord"));
        Assert.Equal("Bearer access-1", create.Headers!["Authorization"].Single());
        using var body = JsonDocument.Parse(create.Body!);
        var root = body.RootElement;
        var rkey = BlueskyText.RecordKey("socialops-post-5");
        Assert.Equal((Did, "app.bsky.feed.post", rkey), (root.GetProperty("repo").GetString(), root.GetProperty("collection").GetString(), root.GetProperty("rkey").GetString()));
        Assert.Matches("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$", rkey);
        var record = root.GetProperty("record");
        Assert.Equal("app.bsky.feed.post", record.GetProperty("$type").GetString());
        var facets = record.GetProperty("facets").EnumerateArray()
            .Select(f => (f.GetProperty("index").GetProperty("byteStart").GetInt32(), f.GetProperty("index").GetProperty("byteEnd").GetInt32(),
                f.GetProperty("features")[0].GetProperty("$type").GetString()))
            .ToList();
        // "Café" is 5 bytes and "☕" 3: the link starts at byte 10, the hashtag at 27, the mention at 38.
        Assert.Equal([(10, 26, "app.bsky.richtext.facet#link"), (27, 34, "app.bsky.richtext.facet#tag"), (38, 56, "app.bsky.richtext.facet#mention")], facets);
        Assert.Equal("did:plc:alice", record.GetProperty("facets")[2].GetProperty("features")[0].GetProperty("did").GetString());
        Assert.Equal($"at://{Did}/app.bsky.feed.post/3kabc", result.ExternalId);
        Assert.Equal($"https://bsky.app/profile/brand.bsky.social/post/{rkey}", result.ExternalUrl);
        Assert.Equal(4990, _connection.RateLimit?.Remaining);
    }

    [Fact]
    public async Task AnExpiredAccessTokenIsRefreshedOnceAndTheSessionIsCached()
    {
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.repo.createRecord").UsingPost().WithHeader("Authorization", "Bearer access-1")).AtPriority(1)
            .RespondWith(Json(new { error = "ExpiredToken", message = "Token has expired" }, 400));

        await Connector.PublishAsync(_connection, Post(), CancellationToken.None);
        await Connector.FetchFollowersAsync(_connection, CancellationToken.None);

        Assert.True(Requests("/xrpc/com.atproto.server.createSession").Count == 1, string.Join("; ", _pds.LogEntries.Select(e => $"{e.RequestMessage.Path} {e.ResponseMessage.StatusCode} {(e.RequestMessage.Headers!.TryGetValue("Authorization", out var a) ? a[0] : "-")}")));
        Assert.Single(Requests("/xrpc/com.atproto.server.refreshSession"));
        var creates = Requests("/xrpc/com.atproto.repo.createRecord");
        Assert.Equal(["Bearer access-1", "Bearer access-2"], creates.Select(c => c.Headers!["Authorization"].Single()));
        Assert.Equal("Bearer access-2", Assert.Single(Requests("/xrpc/app.bsky.actor.getProfile")).Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task GetRecordResolvesAnUnknownOutcome()
    {
        var rkey = BlueskyText.RecordKey("socialops-post-5");
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.repo.getRecord").WithParam("rkey", rkey)).AtPriority(1)
            .RespondWith(Json(new { uri = $"at://{Did}/app.bsky.feed.post/{rkey}", cid = "bafy", value = new { text = "x" } }));
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.repo.getRecord")).AtPriority(2)
            .RespondWith(Json(new { error = "RecordNotFound", message = "Could not locate record" }, 400));

        var found = await Connector.FindAsync(_connection, Post(), CancellationToken.None);
        var missing = await Connector.FindAsync(_connection, Post() with { IdempotencyKey = "socialops-post-6" }, CancellationToken.None);

        Assert.Equal($"at://{Did}/app.bsky.feed.post/{rkey}", found?.ExternalId);
        Assert.Null(missing);
    }

    [Theory]
    [InlineData(401, """{"error":"AuthenticationRequired","message":"Invalid identifier or password"}""", PublishFailureKind.Permanent)]
    [InlineData(429, """{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}""", PublishFailureKind.Transient)]
    [InlineData(500, """{"error":"InternalServerError","message":"Internal Server Error"}""", PublishFailureKind.Transient)]
    public async Task SessionFailuresKeepThePlatformsWords(int status, string body, PublishFailureKind kind)
    {
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.server.createSession")).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Retry-After", "60").WithHeader("Content-Type", "application/json").WithBody(body));

        var ex = await Assert.ThrowsAsync<PublishException>(() => Connector.VerifyAsync(_connection, CancellationToken.None));

        Assert.Equal(kind, ex.Kind);
        Assert.Contains(JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!, ex.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(60), ex.RetryAfter);
    }

    [Fact]
    public async Task CountsRepliesMentionsAndFollowersAreRead()
    {
        var postUri = $"at://{Did}/app.bsky.feed.post/3kpost";
        _pds.Given(Request.Create().WithPath("/xrpc/app.bsky.feed.getPosts")).AtPriority(1).RespondWith(Json(new
        {
            posts = new[] { new { uri = postUri, cid = "c", likeCount = 7, repostCount = 2, replyCount = 3, quoteCount = 1 } },
        }));
        _pds.Given(Request.Create().WithPath("/xrpc/app.bsky.feed.getPostThread")).AtPriority(1).RespondWith(Json(new
        {
            thread = new
            {
                post = new { uri = postUri },
                replies = new object[]
                {
                    new
                    {
                        post = Item("at://did:plc:fan/app.bsky.feed.post/r1", "did:plc:fan", "fan.bsky.social", "Great beans!", postUri),
                        replies = new object[] { new { post = Item($"at://{Did}/app.bsky.feed.post/r2", Did, "brand.bsky.social", "Thanks!", "at://did:plc:fan/app.bsky.feed.post/r1"), replies = Array.Empty<object>() } },
                    },
                },
            },
        }));
        _pds.Given(Request.Create().WithPath("/xrpc/app.bsky.notification.listNotifications")).AtPriority(1).RespondWith(Json(new
        {
            notifications = new object[]
            {
                Notification("at://did:plc:x/app.bsky.feed.post/n3", "mention", "2026-11-27T10:03:00.000Z"),
                Notification("at://did:plc:x/app.bsky.feed.like/n2", "like", "2026-11-27T10:02:00.000Z"),
                Notification("at://did:plc:x/app.bsky.feed.post/n1", "mention", "2026-11-27T10:01:00.000Z"),
            },
            cursor = "older",
        }));

        var counts = Assert.Single(await Connector.FetchMetricsAsync(_connection, [new OwnPost(1, postUri)], CancellationToken.None));
        var replies = await Connector.FetchRepliesAsync(_connection, new OwnPost(1, postUri), CancellationToken.None);
        var mentions = await Connector.FetchMentionsAsync(_connection, "2026-11-27T10:01:00.0000000+00:00", CancellationToken.None);
        var followers = await Connector.FetchFollowersAsync(_connection, CancellationToken.None);

        Assert.Equal((7L, 3L, 3L), (counts.Likes, counts.Comments, counts.Shares));
        var reply = Assert.Single(replies);
        Assert.Equal(("Great beans!", "@fan.bsky.social", postUri), (reply.Text, reply.AuthorHandle, reply.PostExternalId));
        Assert.Equal(["at://did:plc:x/app.bsky.feed.post/n3"], mentions.Items.Select(m => m.ExternalId));
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T10:03:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(mentions.Cursor!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(321, followers);
    }

    [Fact]
    public async Task ConnectingOverTheApiStoresTheDidAndHandle()
    {
        var (response, body) = await _app.CreateClientAs(SocialOps.Core.Identity.Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "bluesky", name = "Brand on Bluesky", baseUrl = _pds.Url, identifier = "brand.bsky.social", appPassword = Password });

        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("bluesky", body.GetProperty("platform").GetString());
        Assert.Equal("@brand.bsky.social", body.GetProperty("handle").GetString());
        Assert.DoesNotContain(Password, body.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Logs.Lines, line => line.Contains(Password, StringComparison.Ordinal) || line.Contains("access-1", StringComparison.Ordinal));
    }

    private static object Item(string uri, string did, string handle, string text, string parent) => new
    {
        uri,
        cid = "bafy",
        author = new { did, handle, displayName = "" },
        record = new { text, createdAt = "2026-11-27T10:00:00.000Z", reply = new { root = new { uri = parent, cid = "c" }, parent = new { uri = parent, cid = "c" } } },
        likeCount = 0,
    };

    private static object Notification(string uri, string reason, string indexedAt) => new
    {
        uri,
        cid = "bafy",
        author = new { did = "did:plc:x", handle = "x.bsky.social", displayName = "X" },
        reason,
        record = new { text = "@brand.bsky.social hello", createdAt = indexedAt },
        isRead = false,
        indexedAt,
    };

    private List<WireMock.RequestMessage> Requests(string path) =>
        [.. _pds.LogEntries.Select(e => e.RequestMessage).OfType<WireMock.RequestMessage>().Where(r => r.Path == path)];

    public void Dispose()
    {
        _app.Dispose();
        _pds.Stop();
    }
}
