using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Engine;
using SocialOps.Tests.Harness;
using SocialOps.Training;

namespace SocialOps.Tests.Sentiment;

/// <summary>The training tool, from a data folder to a model directory that the engine serves.</summary>
public sealed class TrainingEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static readonly TrainingSettings Tiny = new()
    {
        Epochs = 12, Dimension = 8, Hidden = 8, VocabularySize = 500, BigramBuckets = 1024, LearningRate = 0.5f, MaxLength = 32,
        MovieWeight = 2, NegationWindow = 0, Members = 1, Storage = EmbeddingStorage.Full,
    };

    public void Dispose() => _dir.Dispose();

    // Every graph the exporter can write: with and without the hidden layer, the negation scope, an ensemble of
    // several members, and each way of storing the embedding tables.
    [Theory]
    [InlineData(8, 0, 1, EmbeddingStorage.Full)]
    [InlineData(0, 0, 1, EmbeddingStorage.Full)]
    [InlineData(8, 3, 1, EmbeddingStorage.Full)]
    [InlineData(8, 3, 3, EmbeddingStorage.Quantized)]
    [InlineData(8, 2, 2, EmbeddingStorage.Half)]
    public async Task OnnxGraphAgreesWithTheTrainedModelOnTheSameInputs(int hidden, int negation, int members, EmbeddingStorage storage)
    {
        var (model, tokenizer, modelDir) = Train(Tiny with { Hidden = hidden, NegationWindow = negation, Members = members, Storage = storage });
        using var scorer = OnnxSentimentScorer.Load(modelDir, new SentimentOptions(), TimeProvider.System);
        var texts = SampleData.Labelled().Select(x => x.Text)
            .Append("an unseen sentence with 🙂 and CAPS")
            .Append("this is not good at all, and I don't like it. never again")
            .ToList();

        var fromOnnx = await scorer.ScoreAsync(texts, CancellationToken.None);

        var maxDiff = texts.Select((t, i) =>
        {
            var p = Metrics.Softmax(model.Logits(tokenizer.Encode(ModelText.Prepare(t))));
            var o = fromOnnx[i];
            return new[] { Math.Abs(p[0] - o.Negative), Math.Abs(p[1] - o.Neutral), Math.Abs(p[2] - o.Positive) }.Max();
        }).Max();
        Assert.True(maxDiff < 1e-4, $"ONNX and trained model differ by up to {maxDiff}");
    }

    [Fact]
    public void NegationScopeMovesTheNextTokensToTheirSecondRowsUntilTheWindowEnds()
    {
        var vocab = new Dictionary<string, int> { ["[PAD]"] = 0, ["not"] = 1, ["good"] = 2, ["at"] = 3, ["all"] = 4, ["fun"] = 5 };
        var scope = NegationScope.From(vocab, window: 2)!;

        // not good at all fun → "good" and "at" fall in the window of "not"; "all" and "fun" do not.
        Assert.Equal([1, 2 + 6, 3 + 6, 4, 5], scope.Rows([1, 2, 3, 4, 5]));
        Assert.Equal([5, 2, 3], scope.Rows([5, 2, 3]));
        Assert.Null(NegationScope.From(vocab, window: 0));
    }

    [Fact]
    public async Task TinyModelTrainedOnASampleClassifiesItThroughTheEngine()
    {
        var (_, _, modelDir) = Train(Tiny);
        var options = Options.Create(new SentimentOptions { ModelPath = modelDir });
        using var engine = new SentimentEngine(options, NullLogger<SentimentEngine>.Instance);

        Assert.Equal("onnx", engine.Status.Engine);
        var sample = SampleData.Labelled().ToList();
        var scores = await engine.Scorer.ScoreAsync([.. sample.Select(s => s.Text)], CancellationToken.None);
        var correct = sample.Where((s, i) => Metrics.ArgMax([scores[i].Negative, scores[i].Neutral, scores[i].Positive]) == s.Label).Count();
        Assert.True(correct >= sample.Count * 0.9, $"{correct} of {sample.Count} right");
    }

    [Fact]
    public void TrainingIsDeterministicForASeed()
    {
        var first = File.ReadAllBytes(Path.Combine(Train(Tiny, "a").ModelDir, "model.onnx"));
        var second = File.ReadAllBytes(Path.Combine(Train(Tiny, "b").ModelDir, "model.onnx"));
        var other = File.ReadAllBytes(Path.Combine(Train(Tiny with { Seed = 7 }, "c").ModelDir, "model.onnx"));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    private (TrainedModel Model, SentimentTokenizer Tokenizer, string ModelDir) Train(TrainingSettings settings, string name = "model")
    {
        var data = Path.Combine(_dir.Path, "data");
        if (!Directory.Exists(data))
        {
            SampleData.Write(data);
        }

        var modelDir = Path.Combine(_dir.Path, name);
        var (model, tokenizer, _) = new TrainingPipeline(settings, TextWriter.Null).Train(data, modelDir);
        return (model, tokenizer, modelDir);
    }
}
