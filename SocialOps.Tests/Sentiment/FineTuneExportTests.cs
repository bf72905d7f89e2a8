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
/// The packaged encoder with its top layer's weights replaced, mean pooling and the head inside, served by the engine,
/// against the training code's forward pass over the states the cut graph computes.
/// </summary>
public sealed class FineTuneExportTests
{
    [Theory]
    [InlineData("full", 1e-4)]
    [InlineData("int8", 0.05)]
    public async Task ExportedGraphWithTheTrainedLayerAgreesWithTheTrainingCode(string storage, double tolerance)
    {
        using var temp = new TempDirectory();
        var encoder = MiniLm.Load();
        var graph = encoder.Graph();
        var original = LayerWeights.Read(graph.Graph, StatesCommand.TopLayer);
        var layer = original.Clone();
        var random = new Random(9);
        foreach (var p in layer.Parameters)
        {
            // Changed enough that a graph still holding the original weights would disagree.
            for (var i = 0; i < p.Length; i++)
            {
                p[i] = (p[i] * (1 + (0.3f * (float)((random.NextDouble() * 2) - 1)))) + (0.02f * (float)((random.NextDouble() * 2) - 1));
            }
        }

        var texts = SampleData.Labelled().Select(x => x.Text).ToList();
        var tokenizer = encoder.Tokenizer(StatesCommand.MaxLength);
        using var session = new InferenceSession(TokenStates.CutBefore(graph, StatesCommand.TopLayer));
        var states = texts.Select(t =>
        {
            var ids = tokenizer.Encode(ModelText.Prepare(t));
            return (States: TokenStates.Run(session, [ids], tokenizer.PadId, session.OutputNames[0], out _), Tokens: ids.Length);
        }).ToList();
        var head = new SentimentHead(MiniLm.Hidden, 16, random);
        var model = new FineTunedModel(layer, head);
        head.Standardize([.. states.Select(s => model.Pooled(s.States, s.Tokens))]);
        var dir = Path.Combine(temp.Path, "model-" + storage);
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
        var withOriginalLayer = MaxDiff(new FineTunedModel(original, head));
        Assert.True(withOriginalLayer > 2 * tolerance, $"the original layer gives nearly the same answers ({withOriginalLayer}): the test cannot tell whether the weights were written");
        if (storage == "int8")
        {
            Assert.True(new FileInfo(Path.Combine(dir, "model.onnx")).Length <= 30 * 1024 * 1024);
        }
    }
}
