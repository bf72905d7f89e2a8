using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Meta;
using SocialOps.Tests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>Instagram, Threads and Facebook Pages against a Graph API stand-in: containers, error codes, insights, comments.</summary>
public sealed class MetaConnectorTests : IDisposable
{
    private const string Token = "EAAGraphToken";
    private readonly WireMockServer _graph = WireMockServer.Start();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    private Connection For(Platform platform, string account) =>
        new(1, platform, new Uri(_graph.Url + "/v23.0"), account, "@brandcoffee",
            new Dictionary<string, string> { [GraphClient.AccessToken] = Token, [GraphClient.AccountId] = account });

    private static IRequestBuilder Graph(string path, string method = "GET") =>
        Request.Create().WithPath("/v23.0/" + path).UsingMethod(method).WithHeader("Authorization", "Bearer " + Token);

    private static IResponseBuilder Json(object body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    private static PublishRequest Post(params string[] media) => new(4, 1, "Latte art Friday", ["#coffee"], media, "socialops-post-4");

    [Fact]
    public async Task InstagramWaitsForItsContainerThenPublishes()
    {
        _graph.Given(Graph("1784/media", "POST")).RespondWith(Json(new { id = "c-1" }));
        _graph.Given(Graph("c-1")).InScenario("container").WillSetStateTo("finished").RespondWith(Json(new { status_code = "IN_PROGRESS", id = "c-1" }));
        _graph.Given(Graph("c-1")).InScenario("container").WhenStateIs("finished").RespondWith(Json(new { status_code = "FINISHED", id = "c-1" }));
        _graph.Given(Graph("1784/media_publish", "POST")).RespondWith(Json(new { id = "m-9" }));
        _graph.Given(Graph("m-9")).RespondWith(Json(new { id = "m-9", permalink = "https://www.instagram.com/p/Cxyz/" }));
        var connector = _app.Services.GetRequiredService<InstagramConnector>();

        var result = await connector.PublishAsync(For(Platform.Instagram, "1784"), Post("https://cdn.example.com/latte.jpg"), CancellationToken.None);
        var noImage = await Assert.ThrowsAsync<PublishException>(() => connector.PublishAsync(For(Platform.Instagram, "1784"), Post(), CancellationToken.None));

        Assert.Equal(("m-9", "https://www.instagram.com/p/Cxyz/"), (result.ExternalId, result.ExternalUrl));
        using var container = JsonDocument.Parse(_graph.LogEntries.First(e => e.RequestMessage.Path == "/v23.0/1784/media").RequestMessage.Body!);
        Assert.Equal("https://cdn.example.com/latte.jpg", container.RootElement.GetProperty("image_url").GetString());
        Assert.Equal("Latte art Friday\n\n#coffee", container.RootElement.GetProperty("caption").GetString());
        Assert.Contains("c-1", _graph.LogEntries.Single(e => e.RequestMessage.Path == "/v23.0/1784/media_publish").RequestMessage.Body, StringComparison.Ordinal);
        Assert.Equal(2, _graph.LogEntries.Count(e => e.RequestMessage.Path == "/v23.0/c-1"));
        Assert.Equal(PublishFailureKind.Permanent, noImage.Kind);
        Assert.DoesNotContain(_graph.LogEntries, e => e.RequestMessage.Url.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThreadsAndFacebookPostOneImageFromItsPublicAddress()
    {
        _graph.Given(Graph("77/threads", "POST")).RespondWith(Json(new { id = "tc-1" }));
        _graph.Given(Graph("tc-1")).RespondWith(Json(new { status = "FINISHED", id = "tc-1" }));
        _graph.Given(Graph("77/threads_publish", "POST")).RespondWith(Json(new { id = "t-5" }));
        _graph.Given(Graph("t-5")).RespondWith(Json(new { id = "t-5", permalink = "https://www.threads.net/@brandcoffee/post/C5" }));
        _graph.Given(Graph("55/photos", "POST")).RespondWith(Json(new { id = "photo-1", post_id = "55_901" }));
        const string image = "https://cdn.example.com/latte.jpg";

        var thread = await _app.Services.GetRequiredService<ThreadsConnector>().PublishAsync(For(Platform.Threads, "77"), Post(image), CancellationToken.None);
        var page = await _app.Services.GetRequiredService<FacebookConnector>().PublishAsync(For(Platform.Facebook, "55"), Post(image), CancellationToken.None);
        var stored = await Assert.ThrowsAsync<PublishException>(() =>
            _app.Services.GetRequiredService<FacebookConnector>().PublishAsync(For(Platform.Facebook, "55"), Post("media/0123456789abcdef.jpg"), CancellationToken.None));

        Assert.Equal("t-5", thread.ExternalId);
        using var container = JsonDocument.Parse(_graph.LogEntries.First(e => e.RequestMessage.Path == "/v23.0/77/threads").RequestMessage.Body!);
        Assert.Equal(("IMAGE", image), (container.RootElement.GetProperty("media_type").GetString(), container.RootElement.GetProperty("image_url").GetString()));
        Assert.Equal("55_901", page.ExternalId); // the feed post, which comments and counts belong to
        using var photo = JsonDocument.Parse(_graph.LogEntries.First(e => e.RequestMessage.Path == "/v23.0/55/photos").RequestMessage.Body!);
        Assert.Equal((image, "Latte art Friday\n\n#coffee"), (photo.RootElement.GetProperty("url").GetString(), photo.RootElement.GetProperty("message").GetString()));
        // An uploaded file needs the public address Meta fetches it from.
        Assert.Contains("Connectors:PublicMediaBaseUrl", stored.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, 32, PublishFailureKind.Transient)]
    [InlineData(400, 4, PublishFailureKind.Transient)]
    [InlineData(400, 80001, PublishFailureKind.Transient)]
    [InlineData(400, 190, PublishFailureKind.Permanent)]
    [InlineData(400, 100, PublishFailureKind.Permanent)]
    public async Task ThrottlingIsAnErrorCodeNotA429(int status, int code, PublishFailureKind kind)
    {
        _graph.Given(Graph("page1/feed", "POST")).RespondWith(Json(new
        {
            error = new { message = "(#" + code + ") Page request limit reached", type = "OAuthException", code, error_subcode = 2018278, fbtrace_id = "AbC" },
        }, status));
        var connector = _app.Services.GetRequiredService<FacebookConnector>();

        var ex = await Assert.ThrowsAsync<PublishException>(() => connector.PublishAsync(For(Platform.Facebook, "page1"), Post(), CancellationToken.None));

        Assert.Equal(kind, ex.Kind);
        Assert.Contains("Page request limit reached", ex.Message, StringComparison.Ordinal);
        if (kind == PublishFailureKind.Transient)
        {
            Assert.Equal(TimeSpan.FromMinutes(5), ex.RetryAfter);
        }
    }

    [Fact]
    public async Task FacebookPostsFindsLostPostsAndReadsCommentsAndCounts()
    {
        _graph.Given(Graph("page1/feed", "POST")).RespondWith(Json(new { id = "page1_555" }));
        _graph.Given(Graph("page1/published_posts")).RespondWith(Json(new { data = new[] { new { id = "page1_555", message = "Latte art Friday\n\n#coffee", permalink_url = "https://www.facebook.com/page1/posts/555" } } }));
        _graph.Given(Graph("page1_555/comments")).RespondWith(Json(new
        {
            data = new object[]
            {
                new { id = "555_1", message = "Beautiful!", from = new { id = "u9", name = "Ana" }, created_time = "2026-11-27T10:00:00+0000" },
                new { id = "555_2", message = "Thanks Ana", from = new { id = "page1", name = "Brand" }, created_time = "2026-11-27T10:05:00+0000" },
            },
        }));
        _graph.Given(Graph("page1_555")).RespondWith(Json(new { reactions = new { summary = new { total_count = 14 } }, comments = new { summary = new { total_count = 2 } }, shares = new { count = 3 } }));
        var connector = _app.Services.GetRequiredService<FacebookConnector>();
        var page = For(Platform.Facebook, "page1");

        var result = await connector.PublishAsync(page, Post(), CancellationToken.None);
        var found = await connector.FindAsync(page, Post(), CancellationToken.None);
        var comment = Assert.Single(await connector.FetchRepliesAsync(page, new OwnPost(1, "page1_555"), CancellationToken.None));
        var counts = Assert.Single(await connector.FetchMetricsAsync(page, [new OwnPost(1, "page1_555")], CancellationToken.None));

        Assert.Equal("page1_555", result.ExternalId);
        Assert.Equal("https://www.facebook.com/page1/posts/555", found?.ExternalUrl);
        Assert.Equal(("555_1", "Ana", "Beautiful!"), (comment.ExternalId, comment.AuthorName, comment.Text));
        Assert.Equal((14L, 2L, 3L), (counts.Likes, counts.Comments, counts.Shares));
    }

    [Fact]
    public async Task ThreadsPublishesAContainerAndReadsInsightsAndFollowers()
    {
        _graph.Given(Graph("me/threads", "POST")).RespondWith(Json(new { id = "tc-1" }));
        _graph.Given(Graph("tc-1")).RespondWith(Json(new { status = "FINISHED", id = "tc-1" }));
        _graph.Given(Graph("me/threads_publish", "POST")).RespondWith(Json(new { id = "th-7" }));
        _graph.Given(Graph("th-7")).RespondWith(Json(new { id = "th-7", permalink = "https://www.threads.net/@brandcoffee/post/Cx" }));
        _graph.Given(Graph("th-7/insights")).RespondWith(Json(new
        {
            data = new object[]
            {
                new { name = "views", period = "lifetime", values = new[] { new { value = 1200 } } },
                new { name = "likes", period = "lifetime", values = new[] { new { value = 40 } } },
                new { name = "replies", period = "lifetime", values = new[] { new { value = 5 } } },
                new { name = "reposts", period = "lifetime", values = new[] { new { value = 2 } } },
            },
        }));
        _graph.Given(Graph("me/threads_insights")).RespondWith(Json(new { data = new[] { new { name = "followers_count", total_value = new { value = 950 } } } }));
        var connector = _app.Services.GetRequiredService<ThreadsConnector>();
        var threads = For(Platform.Threads, "me");

        var result = await connector.PublishAsync(threads, Post(), CancellationToken.None);
        var counts = Assert.Single(await connector.FetchMetricsAsync(threads, [new OwnPost(1, "th-7")], CancellationToken.None));

        Assert.Equal(("th-7", "https://www.threads.net/@brandcoffee/post/Cx"), (result.ExternalId, result.ExternalUrl));
        using var container = JsonDocument.Parse(_graph.LogEntries.First(e => e.RequestMessage.Path == "/v23.0/me/threads").RequestMessage.Body!);
        Assert.Equal("TEXT", container.RootElement.GetProperty("media_type").GetString());
        Assert.Equal((40L, 5L, 2L, 1200L), (counts.Likes, counts.Comments, counts.Shares, counts.Impressions));
        Assert.Equal(950, await connector.FetchFollowersAsync(threads, CancellationToken.None));
    }

    public void Dispose()
    {
        _app.Dispose();
        _graph.Stop();
    }
}
