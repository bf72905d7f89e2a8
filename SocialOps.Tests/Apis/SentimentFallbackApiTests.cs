using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Apis;

/// <summary>With a broken model directory the app still starts, answers with the rules and says why.</summary>
public sealed class SentimentFallbackApiTests : IDisposable
{
    private readonly TempDirectory _model = new();

    public void Dispose() => _model.Dispose();

    [Fact]
    public async Task BrokenModelDirectoryServesTheRuleBasedEngineAndHealthSaysWhy()
    {
        File.WriteAllText(Path.Combine(_model.Path, "config.json"), "{ \"id2label\": { \"0\": \"negative\", \"1\": \"positive\" } }");
        File.WriteAllText(Path.Combine(_model.Path, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n");
        File.WriteAllText(Path.Combine(_model.Path, "model.onnx"), "truncated");
        using var app = new SocialOpsAppFactory();
        app.Settings["Sentiment:ModelPath"] = _model.Path;
        var client = app.CreateClientAs(Roles.Editor);

        using var health = JsonDocument.Parse(await client.GetStringAsync("/api/sentiment/health"));
        var response = await client.PostAsJsonAsync("/api/sentiment/analyze", new { text = "this is not good at all, really disappointed" });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("rules", health.RootElement.GetProperty("engine").GetString());
        Assert.Contains("model.onnx cannot be loaded", health.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("negative", json.RootElement.GetProperty("sentiment").GetString());
    }

    [Fact]
    public async Task MalformedTokenizerJsonIsOneLogLineAndTheHealthReason()
    {
        var source = SocialOps.Core.Sentiment.Engine.SentimentEngine.ResolveModelPath("models/sentiment");
        File.Copy(Path.Combine(source, "model.onnx"), Path.Combine(_model.Path, "model.onnx"));
        File.Copy(Path.Combine(source, "config.json"), Path.Combine(_model.Path, "config.json"));
        File.WriteAllText(Path.Combine(_model.Path, "tokenizer.json"), "{ \"model\": { \"vocab\": ");
        using var app = new SocialOpsAppFactory();
        app.Settings["Sentiment:ModelPath"] = _model.Path;
        var client = app.CreateClientAs(Roles.Analyst);

        using var health = JsonDocument.Parse(await client.GetStringAsync("/api/sentiment/health"));

        Assert.Equal("rules", health.RootElement.GetProperty("engine").GetString());
        Assert.Equal("rules:1", health.RootElement.GetProperty("modelVersion").GetString());
        Assert.StartsWith($"model at {_model.Path} not usable: tokenizer.json is not valid JSON", health.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var lines = app.Logs.Lines.Where(l => l.Contains("rule-based fallback", StringComparison.Ordinal)).ToList();
        Assert.Single(lines);
        Assert.DoesNotContain('\n', lines[0]);
    }
}
