using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Engine;
using SocialOps.Tests.Harness;
using SocialOps.Training;
using SocialOps.Training.Encoder;

namespace SocialOps.Tests.Sentiment;

/// <summary>Encoder features of the small sample, computed once for the tests of this class.</summary>
public sealed class EncoderSample : IDisposable
{
    private readonly TempDirectory _dir = new();

    public EncoderSample()
    {
        Data = Path.Combine(_dir.Path, "data");
        Cache = Path.Combine(_dir.Path, "features");
        SampleData.Write(Data);
        var options = CliOptions.Parse(["--cache", Cache, "--movies", "60", "--max-length", "32", "--layers", "1"]);
        Assert.Equal(0, FeatureCommand.Run(Data, options, TextWriter.Null));
        Encoder = MiniLm.Load();
    }

    public string Root => _dir.Path;

    public string Data { get; }

    public string Cache { get; }

    internal MiniLm Encoder { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// The frozen-encoder model end to end on the small sample: features from the packaged encoder, a head trained on them,
/// one exported graph that the engine serves and that agrees with the training code.
/// </summary>
public sealed class EncoderModelTests(EncoderSample sample) : IClassFixture<EncoderSample>
{
    private static readonly HeadSettings Small = new() { Hidden = 16, MaxEpochs = 30, Patience = 30, BatchSize = 16, LearningRate = 3e-3f, Seed = 3 };

    [Theory]
    [InlineData("all", 16, "full", 1e-4)]
    [InlineData("mean", 0, "full", 1e-4)]
    [InlineData("cls", 16, "full", 1e-4)]
    [InlineData("mean+max", 16, "int8", 0.05)]
    [InlineData("all+layers", 16, "full", 1e-4)]
    [InlineData("layers", 0, "int8", 0.05)]
    public async Task ExportedGraphAgreesWithTheTrainingCodeThroughTheEngine(string pooling, int hidden, string storage, double tolerance)
    {
        var result = HeadCommand.Train(sample.Cache, pooling, Small with { Hidden = hidden }, movieWeight: 0.5f, TextWriter.Null);
        var dir = Path.Combine(sample.Root, $"model-{pooling}-{hidden}-{storage}");
        HeadCommand.Write(dir, sample.Encoder, result, quantize: storage == "int8", Small, maxLength: 32);
        using var engine = new SentimentEngine(Options.Create(new SentimentOptions { ModelPath = dir }), NullLogger<SentimentEngine>.Instance);
        var tweets = FeatureCache.Read(Path.Combine(sample.Cache, "tweeteval-val.bin"));
        var texts = SampleData.Labelled().Select(x => x.Text).ToList();

        var scores = await engine.Scorer.ScoreAsync(texts, CancellationToken.None);

        Assert.True(engine.Status.Engine == "onnx", engine.Status.Reason);
        var maxDiff = texts.Select((_, i) =>
        {
            var expected = Metrics.Softmax(result.Head.Logits(HeadCommand.Select(tweets.Features[i], pooling)));
            return new[] { Math.Abs(expected[0] - scores[i].Negative), Math.Abs(expected[1] - scores[i].Neutral), Math.Abs(expected[2] - scores[i].Positive) }.Max();
        }).Max();
        Assert.True(maxDiff < tolerance, $"engine and training code differ by up to {maxDiff}");
        var right = texts.Where((_, i) => Metrics.ArgMax([scores[i].Negative, scores[i].Neutral, scores[i].Positive]) == tweets.Labels[i]).Count();
        Assert.True(right >= texts.Count * 0.9, $"{right} of {texts.Count} right");
        if (storage == "int8")
        {
            Assert.True(new FileInfo(Path.Combine(dir, "model.onnx")).Length <= 30 * 1024 * 1024);
        }
    }

    [Fact]
    public void TrainingLowersTheLossAndIsReproducibleForASeed()
    {
        var stored = FeatureCache.Read(Path.Combine(sample.Cache, "tweets.bin"));
        var tweets = stored with { Features = [.. stored.Features.Select(f => HeadCommand.Select(f, "all"))] };
        var untrained = new SentimentHead(FeatureCache.Dim, Small.Hidden, new Random(Small.Seed));
        untrained.Standardize(tweets.Features);

        var first = HeadCommand.Train(sample.Cache, "all", Small, 0.5f, TextWriter.Null).Head;
        var second = HeadCommand.Train(sample.Cache, "all", Small, 0.5f, TextWriter.Null).Head;
        var other = HeadCommand.Train(sample.Cache, "all", Small with { Seed = 4 }, 0.5f, TextWriter.Null).Head;

        Assert.True(Loss(first, tweets) < Loss(untrained, tweets) / 2, $"loss {Loss(untrained, tweets)} → {Loss(first, tweets)}");
        Assert.Equal(first.W1, second.W1);
        Assert.Equal(first.W2, second.W2);
        Assert.NotEqual(first.W1, other.W1);
    }

    private static double Loss(SentimentHead head, FeatureCache.Set set) =>
        set.Features.Select((f, i) => -Math.Log(Metrics.Softmax(head.Logits(f))[set.Labels[i]])).Average();
}
