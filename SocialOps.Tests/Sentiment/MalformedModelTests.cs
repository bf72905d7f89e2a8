using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Onnx;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Engine;
using SocialOps.Tests.Harness;
using SocialOps.Training;

namespace SocialOps.Tests.Sentiment;

/// <summary>
/// Every way a model directory can be unusable: the engine falls back to the rules with a one-line reason that names
/// the file, instead of stopping the app.
/// </summary>
public sealed class MalformedModelTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("tokenizer-json-invalid", "tokenizer.json is not valid JSON")]
    [InlineData("tokenizer-json-no-vocab", "tokenizer.json has no WordPiece vocabulary")]
    [InlineData("tokenizer-json-text-id", "tokenizer.json model.vocab gives '[UNK]' no usable id")]
    [InlineData("tokenizer-json-gap", "tokenizer.json model.vocab ids must run from 0 without gaps")]
    [InlineData("vocab-empty-line", "vocab.txt line 3 is not a token")]
    [InlineData("vocab-space-inside", "vocab.txt line 6 is not a token ('two words')")]
    [InlineData("vocab-repeat", "vocab.txt line 6 repeats the token 'the'")]
    [InlineData("vocab-no-cls", "vocab.txt has no [CLS] token")]
    [InlineData("vocab-not-utf8", "vocab.txt is not UTF-8 text")]
    [InlineData("config-not-object", "config.json has no id2label object")]
    [InlineData("graph-extra-input", "asks for inputs the engine does not give: pixel_values")]
    [InlineData("graph-integer-output", "output logits is Int64, not float logits")]
    [InlineData("graph-hidden-states", "returns 5 logits")]
    [InlineData("graph-no-mask", "must take input_ids and attention_mask")]
    public void MalformedFileFallsBackToRulesWithTheReason(string damage, string reason)
    {
        var dir = Damaged(damage);

        using var engine = Engine(dir);

        Assert.Equal("rules", engine.Status.Engine);
        Assert.Contains(reason, engine.Status.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', engine.Status.Reason);
    }

    // Another process holding a file open exclusively is an IO error while reading it (FileShare is enforced between
    // .NET processes and streams). model.onnx is opened by ONNX Runtime first, so its failure comes after a session
    // exists: that path must dispose what it created.
    [Theory]
    [InlineData("config.json")]
    [InlineData("vocab.txt")]
    [InlineData("model.onnx")]
    public void UnreadableFileFallsBackToRulesWithTheReason(string file)
    {
        var dir = CopyOfDefaultModel();
        using (new FileStream(Path.Combine(dir, file), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            using var engine = Engine(dir);

            Assert.Equal("rules", engine.Status.Engine);
            Assert.Contains("IOException", engine.Status.Reason, StringComparison.Ordinal);
            Assert.Contains(file, engine.Status.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ShutdownWaitsForTheBatchInFlightAndRefusesTheRest()
    {
        using var entered = new SemaphoreSlim(0);
        using var gate = new ManualResetEventSlim();
        var finished = false;
        var batcher = new MicroBatcher((batch, results) =>
        {
            entered.Release();
            gate.Wait();
            for (var i = 0; i < batch.Length; i++)
            {
                results[i] = new SentimentScores(0, 0, batch[i].Length, true);
            }

            finished = true;
        }, 1, TimeSpan.Zero, TimeProvider.System);
        var inFlight = batcher.SubmitAsync([[1, 2, 3]], CancellationToken.None);
        await entered.WaitAsync();

        var queued = new List<Task<SentimentScores[]>>();
        var disposing = Task.Run(batcher.Dispose);
        // Submissions are accepted (and queued behind the running batch) until disposal has begun.
        while (true)
        {
            try
            {
                queued.Add(batcher.SubmitAsync([[1]], CancellationToken.None));
            }
            catch (ObjectDisposedException)
            {
                break;
            }
        }

        Assert.False(disposing.IsCompleted, "disposal returned while a batch was still running");
        gate.Set();
        await disposing;

        Assert.True(finished);
        Assert.Equal(3f, (await inFlight)[0].Positive);
        foreach (var task in queued)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => task);
        }
    }

    private static SentimentEngine Engine(string path) =>
        new(Options.Create(new SentimentOptions { ModelPath = path }), NullLogger<SentimentEngine>.Instance);

    private string Damaged(string damage)
    {
        var dir = CopyOfDefaultModel();
        string Path_(string f) => Path.Combine(dir, f);
        var vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n";
        if (damage.StartsWith("tokenizer-json", StringComparison.Ordinal))
        {
            File.Delete(Path_("vocab.txt"));
        }

        switch (damage)
        {
            case "tokenizer-json-invalid": File.WriteAllText(Path_("tokenizer.json"), """{ "model": { "vocab": { "[PAD]": 0, """); break;
            case "tokenizer-json-no-vocab": File.WriteAllText(Path_("tokenizer.json"), """{ "model": { "type": "BPE" } }"""); break;
            case "tokenizer-json-text-id": File.WriteAllText(Path_("tokenizer.json"), """{ "model": { "vocab": { "[PAD]": 0, "[UNK]": "one" } } }"""); break;
            case "tokenizer-json-gap": File.WriteAllText(Path_("tokenizer.json"), """{ "model": { "vocab": { "[PAD]": 0, "[UNK]": 2 } } }"""); break;
            case "vocab-empty-line": File.WriteAllText(Path_("vocab.txt"), "[PAD]\n[UNK]\n\n[CLS]\n[SEP]\n"); break;
            case "vocab-space-inside": File.WriteAllText(Path_("vocab.txt"), vocab + "two words\n"); break;
            case "vocab-repeat": File.WriteAllText(Path_("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nthe\nthe\n"); break;
            case "vocab-no-cls": File.WriteAllText(Path_("vocab.txt"), "[PAD]\n[UNK]\n[SEP]\n"); break;
            case "vocab-not-utf8": File.WriteAllBytes(Path_("vocab.txt"), [.. Encoding.UTF8.GetBytes(vocab), 0xff, 0xfe, (byte)'\n']); break;
            case "config-not-object": File.WriteAllText(Path_("config.json"), "[1, 2, 3]"); break;
            default: File.WriteAllBytes(Path_("model.onnx"), Graph(damage)); break;
        }

        return dir;
    }

    // Small graphs that load in ONNX Runtime but are not sentiment classifiers the engine can use.
    private static byte[] Graph(string damage)
    {
        const TensorProto.Types.DataType int64 = TensorProto.Types.DataType.Int64;
        var g = new OnnxGraph();
        g.Input("input_ids", int64, "batch", "sequence");
        if (damage != "graph-no-mask")
        {
            g.Input("attention_mask", int64, "batch", "sequence");
        }

        if (damage == "graph-extra-input")
        {
            g.Input("pixel_values", TensorProto.Types.DataType.Float, "batch", "3");
        }

        if (damage == "graph-integer-output")
        {
            g.Node("Identity", ["input_ids"], "logits");
            g.Output("logits", int64, "batch", "sequence");
            return g.ToBytes("test");
        }

        // [batch, 5] floats: more numbers per text than config.json has labels.
        var f = g.Node("Cast", ["input_ids"], null, OnnxGraph.IntAttr("to", (long)TensorProto.Types.DataType.Float));
        var u = g.Node("Unsqueeze", [f, g.Longs(2)]);
        var wide = g.Node("Concat", [u, u, u, u, u], null, OnnxGraph.IntAttr("axis", 2));
        g.Node("ReduceMean", [wide], "logits", OnnxGraph.IntsAttr("axes", 1), OnnxGraph.IntAttr("keepdims", 0));
        g.Output("logits", TensorProto.Types.DataType.Float, "batch", "5");
        return g.ToBytes("test");
    }

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
