using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Mastodon;
using SocialOps.Tests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace SocialOps.Tests.Connections;

/// <summary>The Mastodon connector on its own against the stand-in: exact requests, real-shaped answers, every failure class.</summary>
public sealed class MastodonConnectorTests : IDisposable
{
    private readonly MastodonStandIn _mastodon = new();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    private MastodonConnector Connector => _app.Services.GetRequiredService<MastodonConnector>();

    private static PublishRequest Post(int id = 7) =>
        new(id, 1, "Fresh beans are in ☕", ["#coffee"], [], $"socialops-post-{id}");

    [Fact]
    public async Task VerifyReadsTheAccountAndTheInstanceLimit()
    {
        var profile = await Connector.VerifyAsync(ConnectionsHarness.MastodonConnection(_mastodon), CancellationToken.None);

        Assert.Equal(MastodonStandIn.AccountId, profile.ExternalId);
        Assert.Equal("Brand Coffee", profile.DisplayName);
        Assert.Equal("@brand@localhost", profile.Handle);
        Assert.Equal(_mastodon.Url + "/avatars/brand.png", profile.AvatarUrl);
        Assert.Equal(1000, profile.MaxLength);
    }

    [Fact]
    public async Task PublishSendsTheStatusWithTheIdempotencyKeyAndBearerToken()
    {
        var connection = ConnectionsHarness.MastodonConnection(_mastodon);
        var result = await Connector.PublishAsync(connection, Post(), CancellationToken.None);

        Assert.Equal("110000000000000001", result.ExternalId);
        Assert.Equal("https://social.example/@brand/110000000000000001", result.ExternalUrl);
        var sent = Assert.Single(_mastodon.Requests("POST", "/api/v1/statuses")).RequestMessage;
        Assert.Equal("socialops-post-7", sent.Headers!["Idempotency-Key"].Single());
        Assert.Equal("Bearer " + MastodonStandIn.Token, sent.Headers["Authorization"].Single());
        using var body = System.Text.Json.JsonDocument.Parse(sent.Body!);
        Assert.Equal("Fresh beans are in ☕\n\n#coffee", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("public", body.RootElement.GetProperty("visibility").GetString());
        Assert.Equal(287, connection.RateLimit?.Remaining);
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T10:05:00Z", System.Globalization.CultureInfo.InvariantCulture), connection.RateLimit?.ResetAt);
    }

    [Theory]
    [InlineData(401, """{"error":"The access token was revoked"}""", PublishFailureKind.Permanent, "The access token was revoked")]
    [InlineData(403, """{"error":"This action is not allowed"}""", PublishFailureKind.Permanent, "not allowed")]
    [InlineData(404, """{"error":"Record not found"}""", PublishFailureKind.Permanent, "Record not found")]
    [InlineData(422, """{"error":"Validation failed: Text character limit of 500 exceeded"}""", PublishFailureKind.Permanent, "character limit")]
    [InlineData(500, """<html>oops</html>""", PublishFailureKind.Transient, "500")]
    [InlineData(503, """{"error":"Service Unavailable"}""", PublishFailureKind.Transient, "Service Unavailable")]
    public async Task EachFailureClassHasItsKindAndThePlatformsReason(int status, string body, PublishFailureKind kind, string reason)
    {
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/statuses").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", body.StartsWith('<') ? "text/html" : "application/json").WithBody(body));

        var ex = await Assert.ThrowsAsync<PublishException>(() => Connector.PublishAsync(ConnectionsHarness.MastodonConnection(_mastodon), Post(), CancellationToken.None));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.HttpStatus);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRequestsIsTransientWithTheRetryAfter()
    {
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/statuses").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "120").WithHeader("X-RateLimit-Remaining", "0")
                .WithHeader("Content-Type", "application/json").WithBody("""{"error":"Too many requests"}"""));
        var connection = ConnectionsHarness.MastodonConnection(_mastodon);

        var ex = await Assert.ThrowsAsync<PublishException>(() => Connector.PublishAsync(connection, Post(), CancellationToken.None));

        Assert.Equal(PublishFailureKind.Transient, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
        Assert.Equal(0, connection.RateLimit?.Remaining);
    }

    [Fact]
    public async Task GarbageJsonAfterAPublishIsAnUnknownOutcome()
    {
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/statuses").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"id\": 12, \"url\": [tru"));

        var ex = await Assert.ThrowsAsync<PublishException>(() => Connector.PublishAsync(ConnectionsHarness.MastodonConnection(_mastodon), Post(), CancellationToken.None));

        Assert.Equal(PublishFailureKind.Unknown, ex.Kind);
    }

    [Fact]
    public async Task WrongTypesAreReadSafelyAndAMissingIdIsUnknown()
    {
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/statuses").UsingPost()).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { id = new[] { 1, 2 }, url = 5 }));

        var ex = await Assert.ThrowsAsync<PublishException>(() => Connector.PublishAsync(ConnectionsHarness.MastodonConnection(_mastodon), Post(), CancellationToken.None));

        Assert.Equal(PublishFailureKind.Unknown, ex.Kind);
        Assert.Contains("'id'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimeoutAfterSendingIsUnknownAndOnAReadIsTransient()
    {
        using var app = ConnectionsHarness.NewApp(timeout: "00:00:01");
        var connector = app.Services.GetRequiredService<MastodonConnector>();
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/statuses").UsingPost()).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { id = "1" }).WithDelay(TimeSpan.FromSeconds(4)));
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/accounts/verify_credentials").UsingGet()).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(MastodonStandIn.Account()).WithDelay(TimeSpan.FromSeconds(4)));
        var connection = ConnectionsHarness.MastodonConnection(_mastodon);

        var publish = await Assert.ThrowsAsync<PublishException>(() => connector.PublishAsync(connection, Post(), CancellationToken.None));
        var read = await Assert.ThrowsAsync<PublishException>(() => connector.FetchFollowersAsync(connection, CancellationToken.None));

        Assert.Equal(PublishFailureKind.Unknown, publish.Kind);
        Assert.Equal(PublishFailureKind.Transient, read.Kind);
        Assert.Contains("did not answer in time", publish.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHugeAnswerIsRefusedNotRead()
    {
        var huge = "{\"id\":\"1\",\"pad\":\"" + new string('x', 3 * 1024 * 1024) + "\"}";
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/statuses").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(huge));

        var ex = await Assert.ThrowsAsync<PublishException>(() => Connector.PublishAsync(ConnectionsHarness.MastodonConnection(_mastodon), Post(), CancellationToken.None));

        Assert.Equal(PublishFailureKind.Unknown, ex.Kind);
    }

    [Fact]
    public async Task FindRecognisesTheLostPostAmongTheAccountsStatuses()
    {
        _mastodon.Server.Given(Request.Create().WithPath($"/api/v1/accounts/{MastodonStandIn.AccountId}/statuses").UsingGet()).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new[]
            {
                MastodonStandIn.Status("111", "<p>Something else</p>", DateTimeOffset.UnixEpoch),
                MastodonStandIn.Status("112", "<p>Fresh beans are in ☕</p><p><a href=\"https://social.example/tags/coffee\" class=\"mention hashtag\">#<span>coffee</span></a></p>", DateTimeOffset.UnixEpoch),
            }));
        var connection = ConnectionsHarness.MastodonConnection(_mastodon);

        var found = await Connector.FindAsync(connection, Post(), CancellationToken.None);
        var missing = await Connector.FindAsync(connection, Post() with { Content = "never posted" }, CancellationToken.None);

        Assert.Equal("112", found?.ExternalId);
        Assert.Null(missing);
    }

    [Fact]
    public async Task RepliesMentionsMetricsAndFollowersAreRead()
    {
        var at = DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var fan = MastodonStandIn.Account(id: "2", acct: "fan@other.example", name: "A Fan");
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/statuses/500/context", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new
            {
                ancestors = Array.Empty<object>(),
                descendants = new[]
                {
                    MastodonStandIn.Status("501", "<p><span class=\"h-card\"><a href=\"#\">@brand</a></span> Love this &amp; more!</p>", at, "500", fan),
                    MastodonStandIn.Status("502", "<p>Thanks!</p>", at, "501"),
                },
            }));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/statuses/500", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(MastodonStandIn.Status("500", "<p>x</p>", at, favourites: 9, replies: 2, reblogs: 3)));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/notifications", "GET").WithParam("min_id", "90")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new[]
            {
                MastodonStandIn.Mention("92", MastodonStandIn.Status("601", "<p>@brand where do I buy?</p>", at, account: fan)),
                MastodonStandIn.Mention("91", MastodonStandIn.Status("600", "<p>@brand hello</p>", at, account: fan)),
            }));
        var connection = ConnectionsHarness.MastodonConnection(_mastodon);

        var replies = await Connector.FetchRepliesAsync(connection, new OwnPost(1, "500"), CancellationToken.None);
        var mentions = await Connector.FetchMentionsAsync(connection, "90", CancellationToken.None);
        var counts = Assert.Single(await Connector.FetchMetricsAsync(connection, [new OwnPost(1, "500")], CancellationToken.None));
        var followers = await Connector.FetchFollowersAsync(connection, CancellationToken.None);

        var reply = Assert.Single(replies); // our own answer (502) is not a comment
        Assert.Equal(("501", "A Fan", "@fan@other.example", "@brand Love this & more!"), (reply.ExternalId, reply.AuthorName, reply.AuthorHandle, reply.Text));
        Assert.Equal(["600", "601"], mentions.Items.Select(m => m.ExternalId));
        Assert.Equal("92", mentions.Cursor);
        Assert.False(mentions.More);
        Assert.Equal((9L, 2L, 3L), (counts.Likes, counts.Comments, counts.Shares));
        Assert.Equal(1234, followers);
    }

    [Fact]
    public async Task AReplyToACommentGoesInThreadWithItsOwnKey()
    {
        var result = await Connector.ReplyAsync(ConnectionsHarness.MastodonConnection(_mastodon), "501", "Thank you!", "socialops-reply-1", CancellationToken.None);

        var sent = Assert.Single(_mastodon.Requests("POST", "/api/v1/statuses")).RequestMessage;
        Assert.Equal("socialops-reply-1", sent.Headers!["Idempotency-Key"].Single());
        Assert.Contains("\"in_reply_to_id\":\"501\"", sent.Body, StringComparison.Ordinal);
        Assert.Equal("110000000000000001", result.ExternalId);
    }

    [Theory]
    [InlineData("sam", "Thanks!", "@sam Thanks!")]
    [InlineData("sam@other.example", "Thanks!", "@sam@other.example Thanks!")]
    [InlineData("sam", "@sam thanks!", "@sam thanks!")]
    [InlineData("sam", "@Sam@social.example, thanks!", "@Sam@social.example, thanks!")]
    [InlineData("sam@other.example", "  @sam@other.example thanks!", "  @sam@other.example thanks!")]
    [InlineData("sam", "@samantha said it first", "@sam @samantha said it first")]
    [InlineData("sam@other.example", "@sam thanks!", "@sam@other.example @sam thanks!")]
    [InlineData(null, "Thanks!", "Thanks!")]
    public void AReplyStartsWithOneMentionOfTheAuthor(string? acct, string text, string expected) =>
        Assert.Equal(expected, MastodonConnector.Mentioning(acct, text, "social.example"));

    [Fact]
    public async Task AReplyToOurOwnStatusMentionsNobody()
    {
        await Connector.ReplyAsync(ConnectionsHarness.MastodonConnection(_mastodon), "1", "More to come.", "socialops-reply-2", CancellationToken.None);

        var sent = Assert.Single(_mastodon.Requests("POST", "/api/v1/statuses")).RequestMessage;
        Assert.Contains("\"status\":\"More to come.\"", sent.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableInstanceIsTransient()
    {
        var port = _mastodon.Server.Ports[0];
        _mastodon.Server.Stop();
        var connection = new Connection(1, Platform.Mastodon, new Uri($"http://127.0.0.1:{port}"), "1", null,
            new Dictionary<string, string> { [MastodonConnector.AccessToken] = "t" });

        var ex = await Assert.ThrowsAsync<PublishException>(() => Connector.PublishAsync(connection, Post(), CancellationToken.None));

        Assert.Equal(PublishFailureKind.Transient, ex.Kind);
    }

    public void Dispose()
    {
        _app.Dispose();
        _mastodon.Dispose();
    }
}
