using SocialOps.Training;
using SocialOps.Training.Encoder;

namespace SocialOps.Tests.Sentiment;

/// <summary>The fine-tuned top layers' maths and training loop, on tiny random layers.</summary>
public sealed class FineTuneTests
{
    private const int Tokens = 5;
    private const int Hidden = 8;

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 6)]
    [InlineData(2, 6)]
    public void LayerAndHeadGradientsMatchFiniteDifferences(int layers, int headHidden)
    {
        var random = new Random(23);
        var model = TinyModel(random, headHidden, layers);
        var x = Normal(random, Tokens * Hidden, 1);
        const int label = 1;
        const float weight = 0.8f;
        var grads = model.NewGradients();
        var (loss, dx) = model.Backward(x, Tokens, label, weight, grads);
        Assert.Equal(Loss(model, x, label, weight), loss, 5);

        var groups = model.LayerParameters.Concat([model.Head.W1, model.Head.B1, model.Head.W2, model.Head.B2]).ToArray();
        var names = Enumerable.Range(0, layers).SelectMany(l => EncoderLayer.Names.Select(n => $"layer {l} {n}")).Concat(["head W1", "head B1", "head W2", "head B2"]).ToArray();
        var failures = new List<string>();
        for (var k = 0; k < groups.Length; k++)
        {
            if (groups[k].Length > 0)
            {
                Check(names[k], groups[k], grads[k], () => Loss(model, x, label, weight), failures);
            }
        }

        Check("input", x, dx, () => Loss(model, x, label, weight), failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void GeluIsTheErfFormAndItsDerivativeMatches()
    {
        // erf values from tables: erf(0.5) = 0.5204998778, erf(1) = 0.8427007929, erf(2.7) = 0.9998656673.
        Assert.Equal(0.5204998778, EncoderLayer.Erf(0.5), 9);
        Assert.Equal(0.8427007929, EncoderLayer.Erf(1), 9);
        Assert.Equal(-0.9998656673, EncoderLayer.Erf(-2.7), 9);
        foreach (var v in new[] { -4f, -1.3f, -0.2f, 0f, 0.7f, 2.4f, 3.1f })
        {
            var numeric = (EncoderLayer.Gelu(v + 1e-3f) - EncoderLayer.Gelu(v - 1e-3f)) / 2e-3f;
            Assert.True(Math.Abs(numeric - EncoderLayer.GeluDerivative(v)) < 2e-3, $"GELU'({v}): {EncoderLayer.GeluDerivative(v)} vs {numeric}");
        }

        Assert.Equal(0.8413447f, EncoderLayer.Gelu(1f), 5);
    }

    [Fact]
    public void TrainingLowersTheLossOnASmallSampleAndIsReproducible()
    {
        var settings = new FineTuneSettings { Hidden = 8, BatchSize = 8, Epochs = 6, LayerLearningRate = 3e-3f, HeadLearningRate = 1e-2f, EvaluateEvery = 1_000, Threads = 2, Seed = 5, HeldMovies = 16 };
        var data = SyntheticData(new Random(3));
        var first = Train(settings, data);
        var second = Train(settings, data);

        Assert.True(first.After < first.Before * 0.7, $"loss {first.Before:F4} → {first.After:F4}");
        for (var k = 0; k < first.Model.LayerParameters.Length; k++)
        {
            Assert.Equal(first.Model.LayerParameters[k], second.Model.LayerParameters[k]);
        }

        Assert.Equal(first.Model.Head.W2, second.Model.Head.W2);
    }

    private static (FineTunedModel Model, double Before, double After) Train(FineTuneSettings settings, FineTuneData data)
    {
        var random = new Random(settings.Seed);
        var trainer = new FineTuner(settings, TextWriter.Null);
        var initial = trainer.Initial(TinyModel(random, 0, 2).Layers, data);
        var before = MeanLoss(initial, data.Tweets);
        var result = trainer.Train(initial.Clone(), data, checkpoint: null);

        // The result carries the temperature in its head; the loss is measured on the model before that scaling.
        var trained = result.Model.Clone();
        trained.Head.ApplyTemperature(1 / result.Temperature);
        return (result.Model, before, MeanLoss(trained, data.Tweets));
    }

    private static double MeanLoss(FineTunedModel model, TokenStates.Set set) =>
        Enumerable.Range(0, set.Count).Average(i => Loss(model, set.Floats(i), set.Labels[i], 1f));

    // Three classes told apart by where a token's vector points: the layer and head must learn it.
    internal static FineTuneData SyntheticData(Random random)
    {
        const int hidden = Hidden;
        var directions = Enumerable.Range(0, 3).Select(_ => Normal(random, hidden, 1)).ToArray();
        TokenStates.Set Make(int n, bool binary)
        {
            var states = new Half[n][];
            var lengths = new int[n];
            var labels = new int[n];
            for (var i = 0; i < n; i++)
            {
                labels[i] = binary ? 2 * random.Next(2) : random.Next(3);
                lengths[i] = 2 + random.Next(5);
                var x = Normal(random, lengths[i] * hidden, 0.5f);
                var t = random.Next(lengths[i]);
                for (var d = 0; d < hidden; d++)
                {
                    x[(t * hidden) + d] += 2 * directions[labels[i]][d];
                }

                states[i] = [.. x.Select(v => (Half)v)];
            }

            return new TokenStates.Set(states, lengths, labels);
        }

        var tweets = Make(96, false);
        var movies = Make(48, true);
        var reddit = Make(32, false);
        return new FineTuneData(tweets, movies, reddit, Make(30, false), Make(16, true), null, null);
    }

    internal static FineTunedModel TinyModel(Random random, int headHidden, int layers = 1)
    {
        var stack = Enumerable.Range(0, layers).Select(_ => new EncoderLayer(Hidden, heads: 2, ffn: 16)).ToArray();
        foreach (var layer in stack)
        {
            var shapes = layer.Shapes();
            for (var k = 0; k < layer.Parameters.Length; k++)
            {
                var isGain = EncoderLayer.Names[k].EndsWith("LayerNorm.weight", StringComparison.Ordinal);
                var values = Normal(random, shapes[k], isGain ? 0.2f : 0.4f);
                for (var i = 0; i < values.Length; i++)
                {
                    layer.Parameters[k][i] = (isGain ? 1 : 0) + values[i];
                }
            }
        }

        var head = new SentimentHead(Hidden, headHidden, random);
        for (var i = 0; i < head.Input; i++)
        {
            head.Mean[i] = (float)((random.NextDouble() - 0.5) * 0.2);
            head.InvStd[i] = 0.5f + (float)random.NextDouble();
        }

        for (var i = 0; i < head.B1.Length; i++)
        {
            head.B1[i] = 0.5f; // keep the ReLUs away from their kink, where a finite difference is not a derivative
        }

        return new FineTunedModel(stack, head);
    }

    private static double Loss(FineTunedModel model, float[] x, int label, float weight) =>
        -weight * Math.Log(Metrics.Softmax(model.Logits(x, x.Length / Hidden))[label]);

    // Central differences of a float32 loss with eps 1e-3 carry about 1e-4 of rounding noise, so each element may miss
    // by 1 % of its size plus 2e-4; the whole group must also agree to 1 % in norm. A wrong formula misses by far more.
    private static void Check(string name, float[] values, float[] analytic, Func<double> loss, List<string> failures)
    {
        var worst = 0.0;
        var at = 0;
        double diff = 0, norms = 0, numericNorm = 0, analyticNorm = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var keep = values[i];
            const float eps = 1e-3f;
            values[i] = keep + eps;
            var up = loss();
            values[i] = keep - eps;
            var down = loss();
            values[i] = keep;
            var numeric = (up - down) / (2 * eps);
            var miss = Math.Abs(numeric - analytic[i]) / ((1e-2 * (Math.Abs(numeric) + Math.Abs(analytic[i]))) + 2e-4);
            if (miss > worst)
            {
                (worst, at) = (miss, i);
            }

            diff += (numeric - analytic[i]) * (numeric - analytic[i]);
            numericNorm += numeric * numeric;
            analyticNorm += (double)analytic[i] * analytic[i];
        }

        norms = Math.Sqrt(numericNorm) + Math.Sqrt(analyticNorm);
        if (worst > 1)
        {
            failures.Add($"{name}[{at}]: off by {worst:F2} × the allowance");
        }

        if (norms > 1e-3 && Math.Sqrt(diff) / norms > 1e-2)
        {
            failures.Add($"{name}: relative error in norm {Math.Sqrt(diff) / norms:F4}");
        }
    }

    private static float[] Normal(Random random, int n, float scale) =>
        [.. Enumerable.Range(0, n).Select(_ => scale * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];
}
