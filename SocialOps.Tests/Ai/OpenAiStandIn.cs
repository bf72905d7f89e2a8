using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Ai;

/// <summary>
/// An OpenAI-compatible chat-completions server on loopback (<c>POST /v1/chat/completions</c>), answering as the API
/// reference says: a completion object, or server-sent chunks ending with a usage chunk and <c>[DONE]</c>; errors as
/// <c>{"error": {...}}</c>.
/// </summary>
public sealed class OpenAiStandIn : IDisposable
{
    public const string Key = "sk-test-7c1e0a93b24f";
    public const string Model = "gpt-test-mini";
    private const string Path = "/v1/chat/completions";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => Server.Url + "/v1";

    /// <summary>Settings that point the app at this server.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Ai:Provider"] = "OpenAI", ["Ai:BaseUrl"] = BaseUrl, ["Ai:Model"] = Model, ["Ai:ApiKey"] = Key,
        [$"Ai:Prices:{Model}:InputPerMillion"] = "2", [$"Ai:Prices:{Model}:OutputPerMillion"] = "8",

        // The stand-in listens on loopback, which the network guard refuses unless allowed.
        ["Connectors:AllowInsecureBaseUrls"] = "true",
    };

    /// <summary>The bodies of the chat requests received, in order.</summary>
    public IReadOnlyList<JsonNode> Requests =>
        [.. Server.LogEntries.Where(e => e.RequestMessage.Path == Path).OrderBy(e => e.RequestMessage.DateTime).Select(e => JsonNode.Parse(e.RequestMessage.Body!)!)];

    public IReadOnlyList<string?> AuthorizationHeaders =>
        [.. Server.LogEntries.Where(e => e.RequestMessage.Path == Path).Select(e => e.RequestMessage.Headers?["Authorization"].FirstOrDefault())];

    public void Reset()
    {
        Server.Reset();
    }

    /// <summary>Answers every request (streamed or not) with these texts in turn; the last one repeats.</summary>
    public void Answers(params string[] texts) => Answers(texts.Select(t => (t, 100, 40)).ToArray());

    /// <summary>
    /// The answers in order, one per call, the last one repeated. The order is kept by a counter rather than a scenario,
    /// so calls made at the same moment (three variations) each get their own answer.
    /// </summary>
    public void Answers(params (string Text, int PromptTokens, int CompletionTokens)[] answers)
    {
        Server.ResetMappings();
        Server.ResetScenarios();
        var calls = -1;
        foreach (var stream in new[] { false, true })
        {
            var request = Request.Create().WithPath(Path).UsingPost().WithBody(b => b is not null && IsStream(b) == stream);
            Server.Given(request).RespondWith(Response.Create().WithCallback(_ =>
            {
                var (text, prompt, completion) = answers[Math.Min(Interlocked.Increment(ref calls), answers.Length - 1)];
                var body = stream ? SseBody(text, prompt, completion) : JsonSerializer.Serialize(Completion(text, prompt, completion));
                return new WireMock.ResponseMessage
                {
                    StatusCode = 200,
                    Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new(stream ? "text/event-stream" : "application/json") },
                    BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = WireMock.Types.BodyType.String, Encoding = Encoding.UTF8 },
                };
            }));
        }
    }

    public void Fails(int status, string type, string message)
    {
        Server.ResetMappings();
        Server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(Json(new { error = new { message, type, param = (string?)null, code = type } }, status));
    }

    /// <summary>Answers 200 with a body that is not a completion.</summary>
    public void AnswersGarbage()
    {
        Server.ResetMappings();
        Server.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("<html>Gateway says hello</html>"));
    }

    /// <summary>Answers with a completion whose only choice has no text.</summary>
    public void AnswersEmpty() => Answers("");

    /// <summary>Answers only after this long.</summary>
    public void AnswersAfter(TimeSpan delay, string text)
    {
        Server.ResetMappings();
        Server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(Json(Completion(text, 10, 5)).WithDelay(delay));
    }

    private static bool IsStream(string body) =>
        JsonNode.Parse(body) is JsonObject o && o.TryGetPropertyValue("stream", out var s) && s?.GetValue<bool>() == true;

    private static object Completion(string text, int prompt, int completion) => new
    {
        id = "chatcmpl-standin",
        @object = "chat.completion",
        created = 1_795_000_000,
        model = Model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } },
        usage = new { prompt_tokens = prompt, completion_tokens = completion, total_tokens = prompt + completion },
    };

    /// <summary>The text in pieces of a few characters, then a chunk with the usage and no choices, then [DONE].</summary>
    private static string SseBody(string text, int prompt, int completion)
    {
        var body = new StringBuilder();
        for (var i = 0; i < text.Length; i += 7)
        {
            var piece = text.Substring(i, Math.Min(7, text.Length - i));
            body.Append("data: ").Append(JsonSerializer.Serialize(Chunk(new { content = piece }, null))).Append("\n\n");
        }

        body.Append("data: ").Append(JsonSerializer.Serialize(Chunk(new { }, "stop"))).Append("\n\n");
        body.Append("data: ").Append(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-standin", @object = "chat.completion.chunk", created = 1_795_000_000, model = Model, choices = Array.Empty<object>(),
            usage = new { prompt_tokens = prompt, completion_tokens = completion, total_tokens = prompt + completion },
        })).Append("\n\n");
        body.Append("data: [DONE]\n\n");
        return body.ToString();
    }

    private static object Chunk(object delta, string? finish) => new
    {
        id = "chatcmpl-standin",
        @object = "chat.completion.chunk",
        created = 1_795_000_000,
        model = Model,
        choices = new[] { new { index = 0, delta, finish_reason = finish } },
    };

    private static IResponseBuilder Json(object body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    public void Dispose() => Server.Stop();
}
