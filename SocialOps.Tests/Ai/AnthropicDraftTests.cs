using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Ai;

/// <summary>Anthropic through its SDK's IChatClient, against a loopback stand-in of the Messages API.</summary>
public sealed class AnthropicDraftTests : IDisposable
{
    private const string Key = "sk-ant-test-91b2";
    private const string Model = "claude-test";
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly SocialOpsAppFactory _app = new();

    public AnthropicDraftTests()
    {
        _app.Settings["Ai:Provider"] = "Anthropic";
        _app.Settings["Ai:BaseUrl"] = _server.Url;
        _app.Settings["Ai:Model"] = Model;
        _app.Settings["Ai:ApiKey"] = Key;
        _app.Settings["Connectors:AllowInsecureBaseUrls"] = "true";
    }

    private void Answer(int status, object body) =>
        _server.Given(Request.Create().WithPath("/v1/messages").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body)));

    [Fact]
    public async Task ADraftIsWrittenThroughTheMessagesApiWithTheKeyAndModel()
    {
        Answer(200, new
        {
            id = "msg_standin", type = "message", role = "assistant", model = Model, stop_reason = "end_turn", stop_sequence = (string?)null,
            content = new[] { new { type = "text", text = "Winter blend, back by popular demand. #coffee" } },
            usage = new { input_tokens = 120, output_tokens = 14 },
        });

        using var response = await _app.CreateClientAs(Roles.Editor).PostAsync(new Uri("/api/ai/generate", UriKind.Relative),
            JsonContent.Create(new { brief = "winter blend", platforms = new[] { "bluesky" }, language = "en", tone = "witty" }));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Anthropic", body.RootElement.GetProperty("provider").GetString());
        Assert.Equal("Winter blend, back by popular demand. #coffee", body.RootElement.GetProperty("drafts")[0].GetProperty("content").GetString());
        var request = Assert.Single(_server.LogEntries).RequestMessage;
        // This SDK version sends the key as a bearer token (its documented behaviour), with the API version header.
        Assert.Equal("Bearer " + Key, request.Headers!["Authorization"].Single());
        Assert.NotEmpty(request.Headers["anthropic-version"]);
        var sent = JsonNode.Parse(request.Body!)!;
        Assert.Equal(Model, sent["model"]!.GetValue<string>());
        Assert.Contains("Bluesky", sent["system"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("winter blend", sent["messages"]![0]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedKeyReadsAsSuch()
    {
        Answer(401, new { type = "error", error = new { type = "authentication_error", message = "invalid x-api-key" } });

        using var response = await _app.CreateClientAs(Roles.Editor).PostAsync(new Uri("/api/ai/generate", UriKind.Relative),
            JsonContent.Create(new { brief = "winter blend", platforms = new[] { "bluesky" } }));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("Anthropic refused the API key", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _app.Dispose();
        _server.Stop();
    }
}
