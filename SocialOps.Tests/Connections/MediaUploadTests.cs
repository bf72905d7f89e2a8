using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Bluesky;
using SocialOps.Core.Publishing.Mastodon;
using SocialOps.Tests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>Posts with images: Mastodon's asynchronous media upload, Bluesky's blobs, X's media upload and LinkedIn's Images API, against stand-ins of their APIs.</summary>
public sealed class MediaUploadTests : IDisposable
{
    private static readonly byte[] Png = MastodonStandIn.AvatarPng;
    private readonly MastodonStandIn _mastodon = new();
    private readonly WireMockServer _pds = WireMockServer.Start();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    private async Task<string> StoreAsync(byte[] bytes, string name)
    {
        var (reference, error) = await _app.Services.GetRequiredService<MediaStore>().SaveAsync(new MemoryStream(bytes), name, Actor.System);
        Assert.True(reference is not null, error);
        return reference!;
    }

    [Fact]
    public async Task MastodonWaitsForTheInstanceToProcessTheUploadThenAttachesIt()
    {
        // 202 with no URL yet: the instance is processing; the media endpoint answers 206 until it is done.
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v2/media", "POST")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { id = "22348641", type = "image", url = (string?)null }, 202));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/media/22348641", "GET")).AtPriority(1).InScenario("processing").WillSetStateTo("done")
            .RespondWith(MastodonStandIn.Json(new { id = "22348641", type = "image", url = (string?)null }, 206));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/media/22348641", "GET")).AtPriority(1).InScenario("processing").WhenStateIs("done")
            .RespondWith(MastodonStandIn.Json(new { id = "22348641", type = "image", url = "https://files.social.example/media/22348641.png" }));
        var image = await StoreAsync(Png, "beans.png");

        var result = await _app.Services.GetRequiredService<MastodonConnector>().PublishAsync(
            ConnectionsHarness.MastodonConnection(_mastodon), new PublishRequest(8, 1, "Look at these beans", [], [image], "socialops-post-8"), CancellationToken.None);

        Assert.Equal("110000000000000001", result.ExternalId);
        var upload = Assert.Single(_mastodon.Requests("POST", "/api/v2/media")).RequestMessage;
        Assert.StartsWith("multipart/form-data", upload.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Contains("name=file", System.Text.Encoding.Latin1.GetString(upload.BodyAsBytes ?? []), StringComparison.Ordinal);
        Assert.Equal(2, _mastodon.Requests("GET", "/api/v1/media/22348641").Count);
        using var status = JsonDocument.Parse(Assert.Single(_mastodon.Requests("POST", "/api/v1/statuses")).RequestMessage.Body!);
        Assert.Equal(["22348641"], status.RootElement.GetProperty("media_ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AMediaFileThatIsGoneFailsThePostWithoutPostingItsText()
    {
        var error = await Assert.ThrowsAsync<PublishException>(() => _app.Services.GetRequiredService<MastodonConnector>().PublishAsync(
            ConnectionsHarness.MastodonConnection(_mastodon), new PublishRequest(9, 1, "Text", [], ["media/0123456789abcdef.png"], "socialops-post-9"), CancellationToken.None));

        Assert.Equal(PublishFailureKind.Permanent, error.Kind);
        Assert.Contains("no longer stored", error.Message, StringComparison.Ordinal);
        Assert.Empty(_mastodon.Requests("POST", "/api/v1/statuses"));
    }

    [Fact]
    public async Task BlueskyUploadsTheImageAsABlobAndEmbedsIt()
    {
        var connection = BlueskyStandIn();
        var blob = new Dictionary<string, object> { ["$type"] = "blob", ["ref"] = new Dictionary<string, string> { ["$link"] = "bafkreibeans" }, ["mimeType"] = "image/png", ["size"] = Png.Length };
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.repo.uploadBlob").UsingPost().WithHeader("Authorization", "Bearer access-1")).RespondWith(Json(new { blob }));
        var image = await StoreAsync(Png, "beans.png");

        await _app.Services.GetRequiredService<BlueskyConnector>().PublishAsync(connection, new PublishRequest(10, 1, "Beans", [], [image], "socialops-post-10"), CancellationToken.None);

        var upload = Assert.Single(_pds.LogEntries, e => e.RequestMessage.Path == "/xrpc/com.atproto.repo.uploadBlob").RequestMessage;
        Assert.Equal("image/png", upload.Headers!["Content-Type"].Single());
        Assert.Equal(Png, upload.BodyAsBytes);
        using var create = JsonDocument.Parse(Assert.Single(_pds.LogEntries, e => e.RequestMessage.Path == "/xrpc/com.atproto.repo.createRecord").RequestMessage.Body!);
        var embed = create.RootElement.GetProperty("record").GetProperty("embed");
        Assert.Equal("app.bsky.embed.images", embed.GetProperty("$type").GetString());
        Assert.Equal("bafkreibeans", embed.GetProperty("images")[0].GetProperty("image").GetProperty("ref").GetProperty("$link").GetString());
    }

    [Theory]
    [InlineData("video", "images only")]
    [InlineData("big", "up to 1,000 kB")]
    public async Task BlueskyRefusesWhatItCannotTakeBeforeCreatingAnything(string kind, string message)
    {
        var connection = BlueskyStandIn();
        var bytes = kind == "video"
            ? [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D, 0, 0, 0, 0]
            : Png.Concat(new byte[1_100_000]).ToArray();
        var media = await StoreAsync(bytes, kind == "video" ? "clip.mp4" : "huge.png");

        var error = await Assert.ThrowsAsync<PublishException>(() => _app.Services.GetRequiredService<BlueskyConnector>().PublishAsync(
            connection, new PublishRequest(11, 1, "Beans", [], [media], "socialops-post-11"), CancellationToken.None));

        Assert.Equal(PublishFailureKind.Permanent, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_pds.LogEntries, e => e.RequestMessage.Path is "/xrpc/com.atproto.repo.createRecord" or "/xrpc/com.atproto.repo.uploadBlob");
    }

    [Fact]
    public async Task XUploadsTheImageThenPostsWithItsMediaId()
    {
        var connection = new SocialOps.Core.Publishing.Connections.Connection(1, Platform.X, new Uri(_pds.Url!), "2244994945", "@brandcoffee",
            new Dictionary<string, string> { ["accessToken"] = "x-token" });
        _pds.Given(Request.Create().WithPath("/2/media/upload").UsingPost().WithHeader("Authorization", "Bearer x-token"))
            .RespondWith(Json(new { data = new { id = "1880028106020515840", media_key = "3_1880028106020515840", size = Png.Length } }));
        _pds.Given(Request.Create().WithPath("/2/tweets").UsingPost().WithHeader("Authorization", "Bearer x-token"))
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"data":{"id":"1861","text":"Beans"}}"""));
        var image = await StoreAsync(Png, "beans.png");

        var result = await _app.Services.GetRequiredService<SocialOps.Core.Publishing.X.XConnector>().PublishAsync(
            connection, new PublishRequest(12, 1, "Beans", [], [image], "socialops-post-12"), CancellationToken.None);

        Assert.Equal("1861", result.ExternalId);
        var upload = System.Text.Encoding.Latin1.GetString(Assert.Single(_pds.LogEntries, e => e.RequestMessage.Path == "/2/media/upload").RequestMessage.BodyAsBytes ?? []);
        Assert.Contains("name=media_category", upload, StringComparison.Ordinal);
        Assert.Contains("tweet_image", upload, StringComparison.Ordinal);
        Assert.Equal("""{"text":"Beans","media":{"media_ids":["1880028106020515840"]}}""", Assert.Single(_pds.LogEntries, e => e.RequestMessage.Path == "/2/tweets").RequestMessage.Body);
    }

    [Fact]
    public async Task LinkedInInitialisesAnUploadPutsTheBytesAndPostsTheImageUrn()
    {
        var connection = new SocialOps.Core.Publishing.Connections.Connection(2, Platform.LinkedIn, new Uri(_pds.Url!), "urn:li:person:abc123", null,
            new Dictionary<string, string> { ["accessToken"] = "li-token" });
        _pds.Given(Request.Create().WithPath("/rest/images").WithParam("action", "initializeUpload").UsingPost().WithHeader("LinkedIn-Version", "202511"))
            .RespondWith(Json(new { value = new { uploadUrlExpiresAt = 1764300000000, uploadUrl = _pds.Url + "/dms-uploads/sp/abc/uploaded-image", image = "urn:li:image:C4E10AQF" } }));
        _pds.Given(Request.Create().WithPath("/dms-uploads/sp/abc/uploaded-image").UsingPut()).RespondWith(Response.Create().WithStatusCode(201));
        _pds.Given(Request.Create().WithPath("/rest/posts").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("x-restli-id", "urn:li:share:7263"));
        var image = await StoreAsync(Png, "beans.png");

        var result = await _app.Services.GetRequiredService<SocialOps.Core.Publishing.LinkedIn.LinkedInConnector>().PublishAsync(
            connection, new PublishRequest(13, 1, "Beans", [], [image], "socialops-post-13"), CancellationToken.None);

        Assert.Equal("urn:li:share:7263", result.ExternalId);
        Assert.Contains("\"owner\":\"urn:li:person:abc123\"", Assert.Single(_pds.LogEntries, e => e.RequestMessage.Path == "/rest/images").RequestMessage.Body, StringComparison.Ordinal);
        var put = Assert.Single(_pds.LogEntries, e => e.RequestMessage.Path == "/dms-uploads/sp/abc/uploaded-image").RequestMessage;
        Assert.Equal(Png, put.BodyAsBytes);
        using var post = JsonDocument.Parse(Assert.Single(_pds.LogEntries, e => e.RequestMessage.Path == "/rest/posts").RequestMessage.Body!);
        Assert.Equal("urn:li:image:C4E10AQF", post.RootElement.GetProperty("content").GetProperty("media").GetProperty("id").GetString());
    }

    private SocialOps.Core.Publishing.Connections.Connection BlueskyStandIn()
    {
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.server.createSession").UsingPost())
            .RespondWith(Json(new { did = "did:plc:brand", handle = "brand.bsky.social", accessJwt = "access-1", refreshJwt = "refresh-1" }));
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.repo.createRecord").UsingPost())
            .RespondWith(Json(new { uri = "at://did:plc:brand/app.bsky.feed.post/3kabc", cid = "bafyrei" }));
        return new(1, Platform.Bluesky, new Uri(_pds.Url!), "did:plc:brand", "@brand.bsky.social",
            new Dictionary<string, string> { [BlueskyConnector.Identifier] = "brand.bsky.social", [BlueskyConnector.AppPassword] = "abcd-efgh-ijkl-mnop" });
    }

    private static IResponseBuilder Json(object body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    public void Dispose()
    {
        _app.Dispose();
        _mastodon.Dispose();
        _pds.Stop();
        _pds.Dispose();
    }
}
