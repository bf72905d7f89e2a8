using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Engine;
using SocialOps.Tests.Harness;
using SocialOps.Training;

namespace SocialOps.Tests.Sentiment;

/// <summary>Model directories as users bring them: Hugging Face style exports, and broken ones that must fall back.</summary>
public sealed class ModelDirectoryTests : IDisposable
{
    private static readonly string[] Vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "good", "bad", "coffee", "the", "is", "not", "!", "##s"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TwoLabelExportWithTokenTypeIdsAndTokenizerJsonRunsWithNoCodeChange()
    {
        var model = new FastTextModel(Vocab.Length, 64, 4, 0, 2, new Random(3));
        for (var i = 0; i < model.W2.Length; i++)
        {
            model.W2[i] = (i % 3) - 1f;
        }

        var dir = Directory.CreateDirectory(Path.Combine(_dir.Path, "hf")).FullName;
        File.WriteAllBytes(Path.Combine(dir, "model.onnx"), OnnxExporter.Export(model, tokenTypeIds: true));
        File.WriteAllText(Path.Combine(dir, "config.json"), """{ "id2label": { "0": "NEGATIVE", "1": "POSITIVE" }, "max_position_embeddings": 512 }""");
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), """{ "do_lower_case": true }""");
        var vocab = Vocab.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), JsonSerializer.Serialize(new { model = new { type = "WordPiece", vocab } }));
        using var scorer = OnnxSentimentScorer.Load(dir, new SentimentOptions(), TimeProvider.System);

        string[] texts = ["The coffee is GOOD!", "not bad", "coffees"];
        var scores = await scorer.ScoreAsync(texts, CancellationToken.None);

        for (var i = 0; i < texts.Length; i++)
        {
            var expected = Metrics.Softmax(model.Logits(scorer.Tokenizer.Encode(texts[i])));
            Assert.False(scores[i].HasNeutral);
            Assert.Equal(expected[0], scores[i].Negative, 4);
            Assert.Equal(expected[1], scores[i].Positive, 4);
        }

        // Lower-casing comes from tokenizer_config.json; "coffees" is split into WordPiece continuation pieces.
        Assert.Equal(scorer.Tokenizer.Encode("the coffee is good"), scorer.Tokenizer.Encode("THE Coffee IS GOOD"));
        Assert.Equal([2, 7, 12, 3], scorer.Tokenizer.Encode("coffees"));
    }

    [Theory]
    [InlineData("model.onnx", "missing", "model.onnx")]
    [InlineData("model.onnx", "corrupt", "model.onnx")]
    [InlineData("vocab.txt", "missing", "vocab.txt")]
    [InlineData("config.json", "missing", "config.json")]
    [InlineData("config.json", "corrupt", "config.json")]
    [InlineData("config.json", "wrong-labels", "id2label")]
    [InlineData("config.json", "too-many-labels", "logits")]
    public void BrokenModelDirectoryFallsBackToRulesAndSaysWhy(string file, string damage, string reasonMentions)
    {
        var dir = CopyOfDefaultModel();
        var path = Path.Combine(dir, file);
        switch (damage)
        {
            case "missing": File.Delete(path); break;
            case "corrupt": File.WriteAllBytes(path, Encoding.UTF8.GetBytes("this is not what it should be {")); break;
            case "wrong-labels": File.WriteAllText(path, """{ "id2label": { "0": "joy", "1": "anger", "2": "fear" } }"""); break;
            default: File.WriteAllText(path, """{ "id2label": { "0": "negative", "1": "positive" } }"""); break;
        }

        using var engine = Engine(dir);

        Assert.Equal("rules", engine.Status.Engine);
        Assert.Contains(reasonMentions, engine.Status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDirectoryAndEmptySettingFallBackToRules()
    {
        using var missing = Engine(Path.Combine(_dir.Path, "nowhere"));
        using var none = Engine("");

        Assert.Equal("rules", missing.Status.Engine);
        Assert.Contains("does not exist", missing.Status.Reason, StringComparison.Ordinal);
        Assert.Equal("rules", none.Status.Engine);
        Assert.Contains("no model configured", none.Status.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("models/sentiment", "socialops-minilm-finetuned")]
    [InlineData("models/sentiment-fast", "socialops-fasttext")]
    public async Task ShippedModelsLoadBesideTheAppAndReadClearCommentsRight(string path, string modelType)
    {
        using var engine = Engine(path);

        Assert.Equal("onnx", engine.Status.Engine);
        var dir = SentimentEngine.ResolveModelPath(path);
        Assert.True(new FileInfo(Path.Combine(dir, "model.onnx")).Length <= 25 * 1024 * 1024);
        using var config = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "config.json")));
        Assert.Equal(modelType, config.RootElement.GetProperty("model_type").GetString());
        var scores = await engine.Scorer.ScoreAsync(["I love this coffee, best beans ever!", "My order never arrived and nobody answers. Terrible.", "Do you ship to Ireland?"], CancellationToken.None);
        Assert.True(scores[0].Positive > 0.5, $"positive {scores[0].Positive}");
        Assert.True(scores[1].Negative > 0.5, $"negative {scores[1].Negative}");
        Assert.True(scores[2].Neutral > 0.5, $"neutral {scores[2].Neutral}");
    }

    private static SentimentEngine Engine(string path) =>
        new(Options.Create(new SentimentOptions { ModelPath = path }), NullLogger<SentimentEngine>.Instance);

    private string CopyOfDefaultModel()
    {
        var source = SentimentEngine.ResolveModelPath("models/sentiment");
        var target = Directory.CreateDirectory(Path.Combine(_dir.Path, Guid.NewGuid().ToString("n"))).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
