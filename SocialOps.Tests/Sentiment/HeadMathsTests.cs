using SocialOps.Training;
using SocialOps.Training.Encoder;

namespace SocialOps.Tests.Sentiment;

/// <summary>The maths under the head and its calibration, on small made-up numbers.</summary>
public sealed class HeadMathsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void BackwardMatchesFiniteDifferences(int hidden)
    {
        var random = new Random(11);
        var head = new SentimentHead(7, hidden, random);
        for (var i = 0; i < head.B1.Length; i++)
        {
            head.B1[i] = 0.3f; // keep the ReLUs away from their kink, where a finite difference is not a derivative
        }

        var features = Enumerable.Range(0, 7).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        const int label = 2;
        const float weight = 0.7f;
        var grads = new[] { new float[head.W1.Length], new float[head.B1.Length], new float[head.W2.Length], new float[head.B2.Length] };
        var x = new float[head.Input];
        var h = new float[head.Top];
        var logits = new float[SentimentHead.Classes];
        head.Forward(features, x, h, logits);
        HeadTrainer.Backward(head, x, h, Metrics.Softmax(logits), label, weight, grads, new float[head.Top]);

        var parameters = new[] { head.W1, head.B1, head.W2, head.B2 };
        var worst = 0.0;
        for (var k = 0; k < parameters.Length; k++)
        {
            for (var i = 0; i < parameters[k].Length; i++)
            {
                var keep = parameters[k][i];
                const float eps = 1e-3f;
                parameters[k][i] = keep + eps;
                var up = Loss(head, features, label, weight);
                parameters[k][i] = keep - eps;
                var down = Loss(head, features, label, weight);
                parameters[k][i] = keep;
                var numeric = (up - down) / (2 * eps);
                worst = Math.Max(worst, Math.Abs(numeric - grads[k][i]) / Math.Max(1e-2, Math.Abs(numeric) + Math.Abs(grads[k][i])));
            }
        }

        Assert.True(worst < 1e-2, $"relative gradient error up to {worst}");
    }

    [Fact]
    public void TemperatureFitRecoversTheTemperatureThatMadeTheLabels()
    {
        var random = new Random(5);
        var logits = new List<float[]>();
        var labels = new List<int>();
        for (var i = 0; i < 20_000; i++)
        {
            var z = new[] { (float)(random.NextDouble() * 6), (float)(random.NextDouble() * 6), (float)(random.NextDouble() * 6) };
            var p = Calibration.Probabilities(z, 2.5);
            var u = random.NextDouble();
            labels.Add(u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2);
            logits.Add(z);
        }

        var t = Calibration.FitTemperature(logits, labels);

        Assert.InRange(t, 2.3, 2.7);
        var before = Calibration.ExpectedCalibrationError([.. logits.Select(l => Calibration.Probabilities(l, 1))], labels);
        var after = Calibration.ExpectedCalibrationError([.. logits.Select(l => Calibration.Probabilities(l, t))], labels);
        Assert.True(after < 0.02 && before > 0.1, $"ECE {before} → {after}");
    }

    [Fact]
    public void ReliabilityBinsAndCalibrationErrorByHand()
    {
        // Confidences 0.95, 0.95 (one right) and 0.6, 0.6, 0.6 (two right): |0.95 − 0.5| · 2/5 + |0.6 − 2/3| · 3/5 = 0.22.
        double[][] probs = [[0.95, 0.03, 0.02], [0.95, 0.03, 0.02], [0.2, 0.6, 0.2], [0.2, 0.6, 0.2], [0.2, 0.2, 0.6]];
        int[] labels = [0, 1, 1, 1, 0];

        var bins = Calibration.Reliability(probs, labels);

        Assert.Equal(10, bins.Count);
        Assert.Equal((2, 0.95, 0.5), (bins[9].Count, Math.Round(bins[9].MeanConfidence, 6), bins[9].Accuracy));
        Assert.Equal((3, 0.6), (bins[5].Count, Math.Round(bins[5].MeanConfidence, 6)));
        Assert.Equal(2 / 3.0, bins[5].Accuracy, 6);
        Assert.Equal(0.22, Calibration.ExpectedCalibrationError(probs, labels), 6);
    }

    private static double Loss(SentimentHead head, float[] features, int label, float weight) =>
        -weight * Math.Log(Metrics.Softmax(head.Logits(features))[label]);
}
