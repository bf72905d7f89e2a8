using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Meta;
using SocialOps.Core.Publishing.X;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace SocialOps.Tests.Connections;

/// <summary>
/// Threads through the whole app to stand-ins that keep what they receive as the platforms do: a Bluesky repository of
/// records by key, a Mastodon instance of statuses by Idempotency-Key; X and Threads bodies at the connector.
/// </summary>
public sealed class ThreadConnectorTests : IDisposable
{
    private const string Did = "did:plc:brand7xq3v2k";
    private const string Password = "abcd-efgh-ijkl-mnop";
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();
    private readonly WireMockServer _pds = WireMockServer.Start();

    /// <summary>The Bluesky repository: record key → the record as created, in the order created.</summary>
    private readonly ConcurrentDictionary<string, (int Order, string Uri, string Cid, JsonElement Record)> _records = new();

    /// <summary>How many createRecord calls each record key received.</summary>
    private readonly ConcurrentDictionary<string, int> _creates = new();

    /// <summary>Texts whose next createRecord is refused (400), or stored with its answer lost.</summary>
    private readonly ConcurrentDictionary<string, string> _blueskyTrouble = new();

    public ThreadConnectorTests()
    {
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.server.createSession").UsingPost())
            .RespondWith(Json(new { did = Did, handle = "brand.bsky.social", accessJwt = "access-1", refreshJwt = "refresh-1", active = true }));
        _pds.Given(Request.Create().WithPath("/xrpc/app.bsky.actor.getProfile"))
            .RespondWith(Json(new { did = Did, handle = "brand.bsky.social", displayName = "Brand Coffee", followersCount = 321 }));
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.repo.createRecord").UsingPost()).RespondWith(Response.Create().WithCallback(CreateRecord));
        _pds.Given(Request.Create().WithPath("/xrpc/com.atproto.repo.getRecord").UsingGet()).RespondWith(Response.Create().WithCallback(GetRecord));
    }

    private HttpClient Editor => _app.CreateClientAs(Roles.Editor);

    [Fact]
    public async Task ABlueskyThreadIsThreeRecordsEachReplyingUnderTheFirstToThePreviousOnce()
    {
        var accountId = await ConnectBlueskyAsync();

        var id = await Editor.ScheduleAsync(new
        {
            platform = "bluesky", accountId, content = "One: the winter blend is here.", thread = new[] { "Two: roasted on Tuesday.", "Three: in shops Friday." },
            scheduledTime = SchedulerTestExtensions.InSeconds(1),
        });
        var post = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Published, post.Status);
        var records = _records.Values.OrderBy(r => r.Order).ToList();
        Assert.Equal(3, records.Count);
        Assert.All(_creates.Values, count => Assert.Equal(1, count));
        Assert.All(records, r => Assert.Equal("app.bsky.feed.post", r.Record.GetProperty("$type").GetString()));
        Assert.Equal(["One: the winter blend is here.", "Two: roasted on Tuesday.", "Three: in shops Friday."], records.Select(r => r.Record.GetProperty("text").GetString()));
        Assert.False(records[0].Record.TryGetProperty("reply", out _));
        for (var i = 1; i < 3; i++)
        {
            var reply = records[i].Record.GetProperty("reply");
            Assert.Equal((records[0].Uri, records[0].Cid), (reply.GetProperty("root").GetProperty("uri").GetString(), reply.GetProperty("root").GetProperty("cid").GetString()));
            Assert.Equal((records[i - 1].Uri, records[i - 1].Cid), (reply.GetProperty("parent").GetProperty("uri").GetString(), reply.GetProperty("parent").GetProperty("cid").GetString()));
        }

        Assert.Equal(records[0].Uri, post.ExternalId);
    }

    [Fact]
    public async Task ABlueskyFailureOnPartThreeOfFourResumesThereWithoutSendingAnyRecordTwice()
    {
        var accountId = await ConnectBlueskyAsync();
        _blueskyTrouble["Three."] = "refuse";

        var id = await ScheduleFourAsync(accountId);
        var failed = await _app.WaitUntilSettledAsync(id);
        var createdBeforeResume = _records.Count;
        using var again = await Editor.PostAsync(new Uri($"/api/scheduler/publish-now/{id}", UriKind.Relative), null);
        var published = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Failed, failed.Status);
        Assert.StartsWith("Part 3 of 4:", failed.StatusReason, StringComparison.Ordinal);
        Assert.Equal(2, createdBeforeResume);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(PostStatus.Published, published.Status);
        AssertFourChained();

        // The refused call reached the repository without creating a record: its key was tried twice, every other once.
        Assert.Equal([1, 1, 2, 1], _records.Values.OrderBy(r => r.Order).Select(r => _creates[RkeyOf(r.Uri)]));
    }

    [Fact]
    public async Task ABlueskyLostAnswerOnPartTwoIsFoundInTheRepositoryAndNotSentAgain()
    {
        var accountId = await ConnectBlueskyAsync();
        _blueskyTrouble["Two."] = "lose";

        var id = await ScheduleFourAsync(accountId);
        var unconfirmed = await _app.WaitUntilSettledAsync(id);
        using var again = await Editor.PostAsync(new Uri($"/api/scheduler/publish-now/{id}", UriKind.Relative), null);
        var published = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Unconfirmed, unconfirmed.Status);
        Assert.StartsWith("Part 2 of 4:", unconfirmed.StatusReason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(PostStatus.Published, published.Status);
        AssertFourChained();
        Assert.All(_creates.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task AMastodonThreadIsThreeStatusesEachInReplyToTheOneBefore()
    {
        using var mastodon = new MastodonStandIn();
        var statuses = new ConcurrentDictionary<string, (string Id, string? InReplyTo, string Text)>();
        var sent = 0;
        mastodon.Server.Given(Request.Create().WithPath("/api/v1/statuses").UsingPost().WithHeader("Authorization", "Bearer " + MastodonStandIn.Token)).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(request =>
            {
                Interlocked.Increment(ref sent);
                using var body = JsonDocument.Parse(request.Body!);
                var key = request.Headers!["Idempotency-Key"].Single();
                var status = statuses.GetOrAdd(key, _ => ((110000000000000100 + statuses.Count).ToString(CultureInfo.InvariantCulture),
                    body.RootElement.GetProperty("in_reply_to_id").GetString(), body.RootElement.GetProperty("status").GetString()!));
                return Message(200, JsonSerializer.Serialize(MastodonStandIn.Status(status.Id, status.Text, DateTimeOffset.UnixEpoch, status.InReplyTo)));
            }));
        var accountId = await _app.ConnectMastodonAsync(mastodon);

        var id = await Editor.ScheduleAsync(new
        {
            platform = "mastodon", accountId, content = "first", thread = new[] { "second", "third" }, scheduledTime = SchedulerTestExtensions.InSeconds(1),
        });
        var post = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal(3, sent);
        var byText = statuses.Values.ToDictionary(s => s.Text);
        Assert.Null(byText["first"].InReplyTo);
        Assert.Equal(byText["first"].Id, byText["second"].InReplyTo);
        Assert.Equal(byText["second"].Id, byText["third"].InReplyTo);
        Assert.Equal(byText["first"].Id, post.ExternalId);
        var parts = await _app.DbAsync(db => db.PostParts.AsNoTracking().Where(p => p.PostId == id).OrderBy(p => p.Index).Select(p => p.ExternalId).ToListAsync());
        Assert.Equal([byText["second"].Id, byText["third"].Id], parts);
    }

    [Fact]
    public async Task AnXPartAnswersThePreviousPostWithReplyInReplyToTweetId()
    {
        using var api = WireMockServer.Start();
        api.Given(Request.Create().WithPath("/2/tweets").UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
            .WithBody("""{"data":{"id":"1861234567899","text":"part two"}}"""));
        var connection = new Connection(1, Platform.X, new Uri(api.Url!), "2244994945", "@brandcoffee", new Dictionary<string, string> { [XConnector.AccessToken] = "x-token" });

        var result = await _app.Services.GetRequiredService<XConnector>().PublishAsync(connection,
            new PublishRequest(9, 1, "part two", [], [], PostPart.IdempotencyKey(9, 1), ReplyTo: new ThreadReply("1861234567890", null, "1861234567890", null)), CancellationToken.None);

        using var body = JsonDocument.Parse(api.LogEntries.Single().RequestMessage.Body!);
        Assert.Equal("1861234567890", body.RootElement.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString());
        Assert.Equal("part two", body.RootElement.GetProperty("text").GetString());
        Assert.Equal("1861234567899", result.ExternalId);
    }

    [Fact]
    public async Task AThreadsPartIsAContainerWithReplyToIdThenPublished()
    {
        using var graph = WireMockServer.Start();
        graph.Given(Request.Create().WithPath("/v1.0/77/threads").UsingPost()).RespondWith(GraphJson(new { id = "tc-2" }));
        graph.Given(Request.Create().WithPath("/v1.0/tc-2").UsingGet()).RespondWith(GraphJson(new { status = "FINISHED", id = "tc-2" }));
        graph.Given(Request.Create().WithPath("/v1.0/77/threads_publish").UsingPost()).RespondWith(GraphJson(new { id = "t-6" }));
        graph.Given(Request.Create().WithPath("/v1.0/t-6").UsingGet()).RespondWith(GraphJson(new { id = "t-6", permalink = "https://www.threads.net/@brandcoffee/post/C6" }));
        var connection = new Connection(1, Platform.Threads, new Uri(graph.Url + "/v1.0"), "77", "@brandcoffee",
            new Dictionary<string, string> { [GraphClient.AccessToken] = "th-token", [GraphClient.AccountId] = "77" });

        var result = await _app.Services.GetRequiredService<ThreadsConnector>().PublishAsync(connection,
            new PublishRequest(9, 1, "part two", [], [], PostPart.IdempotencyKey(9, 1), ReplyTo: new ThreadReply("t-5", null, "t-5", null)), CancellationToken.None);

        using var container = JsonDocument.Parse(graph.LogEntries.First(e => e.RequestMessage.Path == "/v1.0/77/threads").RequestMessage.Body!);
        Assert.Equal(("TEXT", "part two", "t-5"), (container.RootElement.GetProperty("media_type").GetString(),
            container.RootElement.GetProperty("text").GetString(), container.RootElement.GetProperty("reply_to_id").GetString()));
        Assert.Equal("t-6", result.ExternalId);
    }

    public void Dispose()
    {
        _pds.Stop();
        _pds.Dispose();
        _app.Dispose();
    }

    private async Task<int> ConnectBlueskyAsync()
    {
        var (response, body) = await _app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "bluesky", name = "Brand on Bluesky", baseUrl = _pds.Url, identifier = "brand.bsky.social", appPassword = Password });
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetInt32();
    }

    private Task<int> ScheduleFourAsync(int accountId) => Editor.ScheduleAsync(new
    {
        platform = "bluesky", accountId, content = "One.", thread = new[] { "Two.", "Three.", "Four." }, scheduledTime = SchedulerTestExtensions.InSeconds(1),
    });

    /// <summary>Four records, in order One to Four, the later three replying under One to the one before.</summary>
    private void AssertFourChained()
    {
        var records = _records.Values.OrderBy(r => r.Order).ToList();
        Assert.Equal(["One.", "Two.", "Three.", "Four."], records.Select(r => r.Record.GetProperty("text").GetString()));
        for (var i = 1; i < records.Count; i++)
        {
            var reply = records[i].Record.GetProperty("reply");
            Assert.Equal(records[0].Uri, reply.GetProperty("root").GetProperty("uri").GetString());
            Assert.Equal(records[i - 1].Uri, reply.GetProperty("parent").GetProperty("uri").GetString());
        }
    }

    private ResponseMessage CreateRecord(IRequestMessage request)
    {
        using var body = JsonDocument.Parse(request.Body!);
        var rkey = body.RootElement.GetProperty("rkey").GetString()!;
        var record = body.RootElement.GetProperty("record").Clone();
        _creates.AddOrUpdate(rkey, 1, (_, n) => n + 1);
        var trouble = _blueskyTrouble.TryRemove(record.GetProperty("text").GetString()!, out var what) ? what : null;
        if (trouble == "refuse")
        {
            return Message(400, """{"error":"InvalidRequest","message":"Record could not be created"}""");
        }

        var stored = _records.GetOrAdd(rkey, key => (_records.Count, $"at://{Did}/app.bsky.feed.post/{key}", $"bafyrei{key}", record));
        return trouble == "lose"
            ? Message(200, """{"uri":""")
            : Message(200, JsonSerializer.Serialize(new { uri = stored.Uri, cid = stored.Cid, commit = new { cid = "bafy", rev = "3k" } }));
    }

    private ResponseMessage GetRecord(IRequestMessage request)
    {
        var rkey = request.Query!["rkey"].Single();
        return _records.TryGetValue(rkey, out var r)
            ? Message(200, JsonSerializer.Serialize(new { uri = r.Uri, cid = r.Cid, value = r.Record }))
            : Message(400, """{"error":"RecordNotFound","message":"Could not locate record"}""");
    }

    private static string RkeyOf(string uri) => uri[(uri.LastIndexOf('/') + 1)..];

    private static ResponseMessage Message(int status, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };

    private static IResponseBuilder Json(object body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    private static IResponseBuilder GraphJson(object body) => Json(body);
}
