using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.LinkedIn;
using SocialOps.Core.Publishing.Meta;
using SocialOps.Tests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>A first comment on Facebook, Instagram and LinkedIn is a comment under our own post, as each API documents it.</summary>
public sealed class FirstCommentConnectorTests : IDisposable
{
    private const string Token = "first-comment-token";
    private readonly WireMockServer _api = WireMockServer.Start();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    private Connection Graph(Platform platform, string account) =>
        new(1, platform, new Uri(_api.Url + "/v23.0"), account, "@brandcoffee",
            new Dictionary<string, string> { [GraphClient.AccessToken] = Token, [GraphClient.AccountId] = account });

    private static IResponseBuilder Json(object body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    [Fact]
    public async Task FacebookAndInstagramCommentUnderTheirOwnPost()
    {
        _api.Given(Request.Create().WithPath("/v23.0/55_901/comments").UsingPost().WithHeader("Authorization", "Bearer " + Token)).RespondWith(Json(new { id = "55_901_7" }));
        _api.Given(Request.Create().WithPath("/v23.0/m-9/comments").UsingPost().WithHeader("Authorization", "Bearer " + Token)).RespondWith(Json(new { id = "c-17" }));

        var page = await _app.Services.GetRequiredService<FacebookConnector>().CommentAsync(Graph(Platform.Facebook, "55"), "55_901", "#coffee #roastery", CancellationToken.None);
        var media = await _app.Services.GetRequiredService<InstagramConnector>().CommentAsync(Graph(Platform.Instagram, "1784"), "m-9", "#latteart", CancellationToken.None);

        Assert.Equal(("55_901_7", "c-17"), (page.ExternalId, media.ExternalId));
        using var pageBody = JsonDocument.Parse(_api.LogEntries.Single(e => e.RequestMessage.Path == "/v23.0/55_901/comments").RequestMessage.Body!);
        using var mediaBody = JsonDocument.Parse(_api.LogEntries.Single(e => e.RequestMessage.Path == "/v23.0/m-9/comments").RequestMessage.Body!);
        Assert.Equal("#coffee #roastery", pageBody.RootElement.GetProperty("message").GetString());
        Assert.Equal("#latteart", mediaBody.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task LinkedInCommentsThroughThePostsSocialActionsWithItsVersionHeaders()
    {
        const string post = "urn:li:share:7001";
        _api.Given(Request.Create().WithPath($"/rest/socialActions/{post}/comments").UsingPost()
                .WithHeader("LinkedIn-Version", LinkedInConnector.Version).WithHeader("X-Restli-Protocol-Version", "2.0.0"))
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("x-restli-id", "urn:li:comment:(urn:li:share:7001,9)").WithHeader("Content-Type", "application/json").WithBody("{}"));
        var connection = new Connection(2, Platform.LinkedIn, new Uri(_api.Url!), "urn:li:person:abc123", null, new Dictionary<string, string> { [LinkedInConnector.AccessToken] = Token });

        var comment = await _app.Services.GetRequiredService<LinkedInConnector>().CommentAsync(connection, post, "#coffee", CancellationToken.None);

        Assert.Equal("urn:li:comment:(urn:li:share:7001,9)", comment.ExternalId);
        using var body = JsonDocument.Parse(_api.LogEntries.Single().RequestMessage.Body!);
        Assert.Equal(("urn:li:person:abc123", post, "#coffee"), (body.RootElement.GetProperty("actor").GetString(), body.RootElement.GetProperty("object").GetString(),
            body.RootElement.GetProperty("message").GetProperty("text").GetString()));
    }

    public void Dispose()
    {
        _api.Stop();
        _api.Dispose();
        _app.Dispose();
    }
}
