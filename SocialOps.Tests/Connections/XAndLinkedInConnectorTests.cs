using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.LinkedIn;
using SocialOps.Core.Publishing.X;
using SocialOps.Tests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>X API v2 and LinkedIn's Posts API against stand-ins that answer as their documentation says.</summary>
public sealed class XAndLinkedInConnectorTests : IDisposable
{
    private const string Token = "user-token-77";
    private readonly WireMockServer _api = WireMockServer.Start();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    private Connection XConnection => new(1, Platform.X, new Uri(_api.Url!), "2244994945", "@brandcoffee", new Dictionary<string, string> { [XConnector.AccessToken] = Token });

    private Connection LinkedInConnection => new(2, Platform.LinkedIn, new Uri(_api.Url!), "urn:li:person:abc123", null, new Dictionary<string, string> { [LinkedInConnector.AccessToken] = Token });

    private static PublishRequest Post => new(3, 1, "Winter blend is here", ["#coffee"], [], "socialops-post-3");

    private static IResponseBuilder Json(object body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    private static IRequestBuilder X(string path, string method = "GET") => Request.Create().WithPath(path).UsingMethod(method).WithHeader("Authorization", "Bearer " + Token);

    [Fact]
    public async Task LinkedInCountsComeFromSocialActionsAndFollowersOnlyForOrganisations()
    {
        const string post = "urn:li:share:7263012345678901234";
        _api.Given(X($"/rest/socialActions/{post}").WithHeader("LinkedIn-Version", LinkedInConnector.Version)).RespondWith(Json(new
        {
            likesSummary = new { totalLikes = 42, likedByCurrentUser = false },
            commentsSummary = new { totalFirstLevelComments = 5, aggregatedTotalComments = 7 },
            target = post,
        }));
        _api.Given(X("/rest/networkSizes/urn:li:organization:2414183").WithParam("edgeType", "COMPANY_FOLLOWED_BY_MEMBER")).RespondWith(Json(new { firstDegreeSize = 1234 }));
        var connector = _app.Services.GetRequiredService<LinkedInConnector>();
        var organisation = new Connection(2, Platform.LinkedIn, new Uri(_api.Url!), "urn:li:person:abc123", null,
            new Dictionary<string, string> { [LinkedInConnector.AccessToken] = Token, [LinkedInConnector.AuthorUrn] = "urn:li:organization:2414183" });

        var counts = Assert.Single(await connector.FetchMetricsAsync(LinkedInConnection, [new OwnPost(3, post)], CancellationToken.None));
        var followers = await connector.FetchFollowersAsync(organisation, CancellationToken.None);

        Assert.Equal((post, 42L, 7L), (counts.ExternalId, counts.Likes, counts.Comments));
        Assert.Equal(1234, followers);
        await Assert.ThrowsAsync<NotSupportedException>(() => connector.FetchFollowersAsync(LinkedInConnection, CancellationToken.None));
    }

    [Fact]
    public async Task XPublishesVerifiesAndReadsItsRateLimit()
    {
        var reset = TimeProvider.System.GetUtcNow().AddMinutes(15).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        _api.Given(X("/2/tweets", "POST")).RespondWith(Json(new { data = new { id = "1861234567890", text = "Winter blend is here\n\n#coffee", edit_history_tweet_ids = new[] { "1861234567890" } } }, 201)
            .WithHeader("x-rate-limit-limit", "100").WithHeader("x-rate-limit-remaining", "99").WithHeader("x-rate-limit-reset", reset));
        _api.Given(X("/2/users/me")).RespondWith(Json(new { data = new { id = "2244994945", name = "Brand Coffee", username = "brandcoffee", profile_image_url = "https://pbs.twimg.com/p.jpg", public_metrics = new { followers_count = 880 } } }));
        var connector = _app.Services.GetRequiredService<XConnector>();
        var connection = XConnection;

        var result = await connector.PublishAsync(connection, Post, CancellationToken.None);
        var profile = await connector.VerifyAsync(connection, CancellationToken.None);

        Assert.Equal(("1861234567890", "https://x.com/brandcoffee/status/1861234567890"), (result.ExternalId, result.ExternalUrl));
        var sent = _api.LogEntries.First(e => e.RequestMessage.Path == "/2/tweets").RequestMessage;
        Assert.Equal("""{"text":"Winter blend is here\n\n#coffee"}""", sent.Body);
        Assert.Equal(("2244994945", "@brandcoffee"), (profile.ExternalId, profile.Handle));
        Assert.Equal(99, connection.RateLimit?.Remaining);
        Assert.Equal(880, await connector.FetchFollowersAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task XDuplicateTextIsAPermanent403AndItsRateLimitWaitsForTheReset()
    {
        _api.Given(X("/2/tweets", "POST")).AtPriority(1).RespondWith(Json(new { detail = "You are not allowed to create a Tweet with duplicate content.", type = "about:blank", title = "Forbidden", status = 403 }, 403));
        var connector = _app.Services.GetRequiredService<XConnector>();
        var duplicate = await Assert.ThrowsAsync<PublishException>(() => connector.PublishAsync(XConnection, Post, CancellationToken.None));

        var reset = TimeProvider.System.GetUtcNow().AddSeconds(120).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        _api.Given(X("/2/tweets", "POST")).AtPriority(0).RespondWith(Json(new { title = "Too Many Requests", detail = "Too Many Requests", status = 429 }, 429)
            .WithHeader("x-rate-limit-remaining", "0").WithHeader("x-rate-limit-reset", reset));
        var limited = await Assert.ThrowsAsync<PublishException>(() => connector.PublishAsync(XConnection, Post, CancellationToken.None));

        Assert.Equal(PublishFailureKind.Permanent, duplicate.Kind);
        Assert.Contains("duplicate content", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(PublishFailureKind.Transient, limited.Kind);
        Assert.InRange(limited.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
    }

    [Fact]
    public async Task XFindsALostPostAndReadsRepliesMentionsAndMetrics()
    {
        _api.Given(X("/2/users/2244994945/tweets")).RespondWith(Json(new { data = new[] { new { id = "9", text = "other" }, new { id = "10", text = "Winter blend is here\n\n#coffee" } } }));
        _api.Given(X("/2/tweets/search/recent").WithParam("query", "conversation_id:10")).RespondWith(Json(new
        {
            data = new[] { new { id = "11", text = "@brandcoffee looks great", author_id = "77", conversation_id = "10", created_at = "2026-11-27T10:00:00.000Z", referenced_tweets = new[] { new { type = "replied_to", id = "10" } } } },
            includes = new { users = new[] { new { id = "77", name = "Fan", username = "fan77" } } },
        }));
        _api.Given(X("/2/users/2244994945/mentions").WithParam("since_id", "100")).RespondWith(Json(new
        {
            data = new[] { new { id = "102", text = "@brandcoffee hi", author_id = "77" }, new { id = "101", text = "@brandcoffee hey", author_id = "77" } },
            includes = new { users = new[] { new { id = "77", name = "Fan", username = "fan77" } } },
            meta = new { newest_id = "102", oldest_id = "101", result_count = 2 },
        }));
        _api.Given(X("/2/tweets").WithParam("ids", "10")).RespondWith(Json(new
        {
            data = new[] { new { id = "10", text = "x", public_metrics = new { like_count = 5, reply_count = 1, retweet_count = 2, quote_count = 1, bookmark_count = 3, impression_count = 400 } } },
        }));
        var connector = _app.Services.GetRequiredService<XConnector>();

        var found = await connector.FindAsync(XConnection, Post, CancellationToken.None);
        var reply = Assert.Single(await connector.FetchRepliesAsync(XConnection, new OwnPost(1, "10"), CancellationToken.None));
        var mentions = await connector.FetchMentionsAsync(XConnection, "100", CancellationToken.None);
        var counts = Assert.Single(await connector.FetchMetricsAsync(XConnection, [new OwnPost(1, "10")], CancellationToken.None));

        Assert.Equal("10", found?.ExternalId);
        Assert.Equal(("11", "@fan77", "10"), (reply.ExternalId, reply.AuthorHandle, reply.ParentExternalId));
        Assert.Equal(["101", "102"], mentions.Items.Select(m => m.ExternalId));
        Assert.Equal("102", mentions.Cursor);
        Assert.Equal((5L, 1L, 3L, 3L, 400L), (counts.Likes, counts.Comments, counts.Shares, counts.Saves, counts.Impressions));
    }

    [Fact]
    public async Task LinkedInSendsItsVersionHeadersAndTakesTheIdFromXRestliId()
    {
        _api.Given(Request.Create().WithPath("/rest/posts").UsingPost().WithHeader("LinkedIn-Version", LinkedInConnector.Version)
                .WithHeader("X-Restli-Protocol-Version", "2.0.0").WithHeader("Authorization", "Bearer " + Token)).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("x-restli-id", "urn:li:share:7265432109876543210"));
        _api.Given(Request.Create().UsingAnyMethod()).AtPriority(100)
            .RespondWith(Json(new { status = 400, message = "Missing or invalid LinkedIn-Version header" }, 400));
        var connector = _app.Services.GetRequiredService<LinkedInConnector>();

        var result = await connector.PublishAsync(LinkedInConnection, Post, CancellationToken.None);

        Assert.Equal("urn:li:share:7265432109876543210", result.ExternalId);
        Assert.Equal("https://www.linkedin.com/feed/update/urn:li:share:7265432109876543210", result.ExternalUrl);
        using var body = JsonDocument.Parse(_api.LogEntries.Single().RequestMessage.Body!);
        Assert.Equal(("urn:li:person:abc123", "PUBLIC", "PUBLISHED", "MAIN_FEED"), (body.RootElement.GetProperty("author").GetString(),
            body.RootElement.GetProperty("visibility").GetString(), body.RootElement.GetProperty("lifecycleState").GetString(),
            body.RootElement.GetProperty("distribution").GetProperty("feedDistribution").GetString()));
        Assert.Equal("Winter blend is here\n\n#coffee", body.RootElement.GetProperty("commentary").GetString());
        await Assert.ThrowsAsync<NotSupportedException>(() => connector.FindAsync(LinkedInConnection, Post, CancellationToken.None));
    }

    [Fact]
    public async Task LinkedInsBare429GetsABackoffOfOurOwnAndCommentsAreRead()
    {
        _api.Given(Request.Create().WithPath("/rest/posts").UsingPost()).RespondWith(Response.Create().WithStatusCode(429));
        _api.Given(Request.Create().WithPath("/rest/socialActions/urn:li:share:1/comments").UsingGet().WithHeader("LinkedIn-Version", LinkedInConnector.Version))
            .RespondWith(Json(new
            {
                elements = new object[]
                {
                    new Dictionary<string, object> { ["$URN"] = "urn:li:comment:(urn:li:activity:1,55)", ["actor"] = "urn:li:person:zz", ["message"] = new { text = "Great news!" }, ["created"] = new { time = 1764237600000L } },
                    new Dictionary<string, object> { ["$URN"] = "urn:li:comment:(urn:li:activity:1,56)", ["actor"] = "urn:li:person:abc123", ["message"] = new { text = "our own" } },
                },
            }));
        var connector = _app.Services.GetRequiredService<LinkedInConnector>();

        var limited = await Assert.ThrowsAsync<PublishException>(() => connector.PublishAsync(LinkedInConnection, Post, CancellationToken.None));
        var comment = Assert.Single(await connector.FetchRepliesAsync(LinkedInConnection, new OwnPost(1, "urn:li:share:1"), CancellationToken.None));

        Assert.Equal((PublishFailureKind.Transient, TimeSpan.FromMinutes(1)), (limited.Kind, limited.RetryAfter));
        Assert.Equal(("urn:li:comment:(urn:li:activity:1,55)", "Great news!"), (comment.ExternalId, comment.Text));
    }

    public void Dispose()
    {
        _app.Dispose();
        _api.Stop();
    }
}
