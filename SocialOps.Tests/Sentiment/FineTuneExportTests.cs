using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Engine;
using SocialOps.Tests.Harness;
using SocialOps.Training;
using SocialOps.Training.Encoder;

namespace SocialOps.Tests.Sentiment;

/// <summary>
/// The packaged encoder with its top layers' weights replaced, mean pooling and the head inside, served by the engine,
/// against the training code's forward pass over the states the cut graph computes; and the states and finetune
/// commands end to end on the small sample.
/// </summary>
public sealed class FineTuneExportTests
{
    [Theory]
    [InlineData(1, "full", 1e-4)]
    [InlineData(1, "int8", 0.05)]
    [InlineData(2, "full", 1e-4)]
    public async Task ExportedGraphWithTheTrainedLayersAgreesWithTheTrainingCode(int layers, string storage, double tolerance)
    {
        using var temp = new TempDirectory();
        var encoder = MiniLm.Load();
        var graph = encoder.Graph();
        var first = MiniLm.Layers - layers;
        var original = Enumerable.Range(first, layers).Select(l => LayerWeights.Read(graph.Graph, l)).ToArray();
        var trained = original.Select(l => l.Clone()).ToArray();
        var random = new Random(9);
        foreach (var p in trained.SelectMany(l => l.Parameters))
        {
            // Changed enough that a graph still holding the original weights would disagree.
            for (var i = 0; i < p.Length; i++)
            {
                p[i] = (p[i] * (1 + (0.3f * (float)((random.NextDouble() * 2) - 1)))) + (0.02f * (float)((random.NextDouble() * 2) - 1));
            }
        }

        var texts = SampleData.Labelled().Select(x => x.Text).ToList();
        var tokenizer = encoder.Tokenizer(StatesCommand.MaxLength);
        using var session = new InferenceSession(TokenStates.CutBefore(graph, first));
        var states = texts.Select(t =>
        {
            var ids = tokenizer.Encode(ModelText.Prepare(t));
            return (States: TokenStates.Run(session, [ids], tokenizer.PadId, session.OutputNames[0], out _), Tokens: ids.Length);
        }).ToList();
        var head = new SentimentHead(MiniLm.Hidden, 16, random);
        var model = new FineTunedModel(trained, head);
        head.Standardize([.. states.Select(s => model.Pooled(s.States, s.Tokens))]);
        var dir = Path.Combine(temp.Path, $"model-{layers}-{storage}");
        FineTuneCommand.Write(dir, encoder, new FineTuner.Result(model, 1, 0, "test"), quantize: storage == "int8", new FineTuneSettings());
        using var engine = new SentimentEngine(Options.Create(new SentimentOptions { ModelPath = dir }), NullLogger<SentimentEngine>.Instance);

        var scores = await engine.Scorer.ScoreAsync(texts, CancellationToken.None);

        Assert.True(engine.Status.Engine == "onnx", engine.Status.Reason);
        double MaxDiff(FineTunedModel m) => texts.Select((_, i) =>
        {
            var expected = Metrics.Softmax(m.Logits(states[i].States, states[i].Tokens));
            return new[] { Math.Abs(expected[0] - scores[i].Negative), Math.Abs(expected[1] - scores[i].Neutral), Math.Abs(expected[2] - scores[i].Positive) }.Max();
        }).Max();
        var maxDiff = MaxDiff(model);
        Assert.True(maxDiff < tolerance, $"engine and training code differ by up to {maxDiff}");
        var withOriginalLayers = MaxDiff(new FineTunedModel(original, head));
        Assert.True(withOriginalLayers > 2 * tolerance, $"the original layers give nearly the same answers ({withOriginalLayers}): the test cannot tell whether the weights were written");
        if (storage == "int8")
        {
            Assert.True(new FileInfo(Path.Combine(dir, "model.onnx")).Length <= 30 * 1024 * 1024);
        }
    }

    [Fact]
    public async Task StatesAndFineTuneCommandsWriteAModelTheEngineServes()
    {
        using var temp = new TempDirectory();
        var data = Path.Combine(temp.Path, "data");
        SampleData.Write(data);
        var cache = Path.Combine(temp.Path, "states");

        Assert.Equal(0, StatesCommand.Run(data, CliOptions.Parse(["--cache", cache, "--layers", "2", "--movies", "120"]), TextWriter.Null));

        Assert.Equal(MiniLm.Layers - 2, StatesCommand.FirstLayer(cache));
        var tweets = TokenStates.Read(Path.Combine(cache, "tweets.states"));
        Assert.Equal(SampleData.Labelled().Count(), tweets.Count);
        Assert.All(Enumerable.Range(0, tweets.Count), i => Assert.Equal(tweets.Lengths[i] * MiniLm.Hidden, tweets.States[i].Length));

        // The cache holds the cut graph's states for each text, in 16-bit floats.
        var encoder = MiniLm.Load();
        var tokenizer = encoder.Tokenizer(StatesCommand.MaxLength);
        using var session = new InferenceSession(TokenStates.CutBefore(encoder.Graph(), MiniLm.Layers - 2));
        var ids = tokenizer.Encode(ModelText.Prepare(Corpus.Tweets(data)[0].Text));
        var expected = TokenStates.Run(session, [ids], tokenizer.PadId, session.OutputNames[0], out _);
        var cached = tweets.Floats(0);
        Assert.Equal(ids.Length, tweets.Lengths[0]);
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.True(Math.Abs(expected[i] - cached[i]) <= (1e-3 * Math.Abs(expected[i])) + 1e-3, $"state {i}: {expected[i]} cached as {cached[i]}"));

        // A folder holding another layer's states is refused.
        Assert.Equal(2, StatesCommand.Run(data, CliOptions.Parse(["--cache", cache, "--layers", "1"]), TextWriter.Null));

        var model = Path.Combine(temp.Path, "model");
        string[] args = ["--cache", cache, "--out", model, "--hidden", "16", "--held-tweets", "30", "--held-movies", "20", "--batch", "16", "--epochs", "3", "--eval-every", "5", "--lr", "1e-4", "--head-lr", "3e-3"];
        Assert.Equal(0, FineTuneCommand.Run(CliOptions.Parse(args), TextWriter.Null));
        using var engine = new SentimentEngine(Options.Create(new SentimentOptions { ModelPath = model }), NullLogger<SentimentEngine>.Instance);
        var labelled = SampleData.Labelled().ToList();
        var scores = await engine.Scorer.ScoreAsync([.. labelled.Select(x => x.Text)], CancellationToken.None);

        Assert.True(engine.Status.Engine == "onnx", engine.Status.Reason);
        var right = labelled.Where((x, i) => Metrics.ArgMax([scores[i].Negative, scores[i].Neutral, scores[i].Positive]) == x.Label).Count();
        Assert.True(right >= labelled.Count * 0.9, $"{right} of {labelled.Count} right");
        using var training = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "training.json")));
        Assert.Contains("layers 4–5 fine-tuned", training.RootElement.GetProperty("encoder").GetString(), StringComparison.Ordinal);
    }
}
