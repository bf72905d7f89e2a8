using System.Numerics.Tensors;

namespace SocialOps.Training.Encoder;

public sealed record HeadSettings
{
    public int Hidden { get; init; } = 256;
    public int MaxEpochs { get; init; } = 40;
    public int Patience { get; init; } = 5;
    public int BatchSize { get; init; } = 64;
    public float LearningRate { get; init; } = 1e-3f;
    public float WeightDecay { get; init; } = 1e-4f;
    public int Seed { get; init; } = 7;
}

/// <summary>
/// Mini-batch Adam on a weighted cross-entropy (the caller's per-example weights carry the class balance), keeping the
/// epoch with the best macro-recall on the validation set and stopping after <c>Patience</c> epochs without a gain.
/// One thread, seeded initialisation and shuffles: the same inputs give the same head.
/// </summary>
public sealed class HeadTrainer(HeadSettings settings, TextWriter log)
{
    public (SentimentHead Head, double ValidationMacroRecall, int Epoch) Train(
        IReadOnlyList<float[]> x, IReadOnlyList<int> y, IReadOnlyList<float> weights, IReadOnlyList<float[]> valX, IReadOnlyList<int> valY)
    {
        var random = new Random(settings.Seed);
        var head = new SentimentHead(x[0].Length, settings.Hidden, random);
        head.Standardize(x);
        var adam = new Adam([head.W1, head.B1, head.W2, head.B2], settings.LearningRate, settings.WeightDecay);
        var grads = new[] { new float[head.W1.Length], new float[head.B1.Length], new float[head.W2.Length], new float[head.B2.Length] };
        var order = Enumerable.Range(0, x.Count).ToArray();
        (SentimentHead Head, double Score, int Epoch) best = (head.Clone(), -1, 0);
        var xs = new float[head.Input];
        var h = new float[head.Top];
        var logits = new float[SentimentHead.Classes];
        var dh = new float[head.Top];
        for (var epoch = 1; epoch <= settings.MaxEpochs && epoch - best.Epoch <= settings.Patience; epoch++)
        {
            random.Shuffle(order);
            double loss = 0, weightSum = 0;
            for (var start = 0; start < order.Length; start += settings.BatchSize)
            {
                foreach (var g in grads)
                {
                    Array.Clear(g);
                }

                var end = Math.Min(start + settings.BatchSize, order.Length);
                float batchWeight = 0;
                for (var k = start; k < end; k++)
                {
                    batchWeight += weights[order[k]];
                }

                for (var k = start; k < end; k++)
                {
                    var i = order[k];
                    head.Forward(x[i], xs, h, logits);
                    var p = Metrics.Softmax(logits);
                    var w = weights[i] / batchWeight;
                    loss -= weights[i] * Math.Log(Math.Max(p[y[i]], 1e-12));
                    weightSum += weights[i];
                    Backward(head, xs, h, p, y[i], w, grads, dh);
                }

                adam.Step(grads);
            }

            var score = MacroRecall(head, valX, valY);
            log.WriteLine($"epoch {epoch}: loss {loss / weightSum:F4} · validation macro-recall {score:F4}");
            if (score > best.Score)
            {
                best = (head.Clone(), score, epoch);
            }
        }

        return best;
    }

    public static double MacroRecall(SentimentHead head, IReadOnlyList<float[]> x, IReadOnlyList<int> y) =>
        Metrics.MacroRecall([.. x.Select(f => Metrics.Softmax(head.Logits(f)))], y);

    /// <summary>Adds one example's gradient (scaled by w) of the cross-entropy to grads = [W1, B1, W2, B2].</summary>
    internal static void Backward(SentimentHead head, float[] x, float[] h, float[] p, int label, float w, float[][] grads, float[] dh)
    {
        var top = head.Top;
        Array.Clear(dh);
        for (var c = 0; c < SentimentHead.Classes; c++)
        {
            var dz = w * (p[c] - (c == label ? 1f : 0f));
            grads[3][c] += dz;
            TensorPrimitives.MultiplyAdd(h, dz, grads[2].AsSpan(c * top, top), grads[2].AsSpan(c * top, top));
            TensorPrimitives.MultiplyAdd(head.W2.AsSpan(c * top, top), dz, dh, dh);
        }

        for (var j = 0; j < head.Hidden; j++)
        {
            if (h[j] <= 0)
            {
                continue;
            }

            grads[1][j] += dh[j];
            var row = grads[0].AsSpan(j * head.Input, head.Input);
            TensorPrimitives.MultiplyAdd(x, dh[j], row, row);
        }
    }
}

/// <summary>Adam with decoupled weight decay (AdamW) over a fixed list of parameter arrays.</summary>
internal sealed class Adam(float[][] parameters, float learningRate, float weightDecay)
{
    private readonly float[][] _m = [.. parameters.Select(p => new float[p.Length])];
    private readonly float[][] _v = [.. parameters.Select(p => new float[p.Length])];
    private int _t;

    /// <summary>One update; <paramref name="scale"/> multiplies the learning rate (a schedule).</summary>
    public void Step(float[][] grads, float scale = 1f)
    {
        var lr = learningRate * scale;
        _t++;
        const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        var c1 = 1 - MathF.Pow(b1, _t);
        var c2 = 1 - MathF.Pow(b2, _t);
        for (var k = 0; k < parameters.Length; k++)
        {
            var (p, g, m, v) = (parameters[k], grads[k], _m[k], _v[k]);
            for (var i = 0; i < p.Length; i++)
            {
                m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
                v[i] = (b2 * v[i]) + ((1 - b2) * g[i] * g[i]);
                p[i] -= lr * ((m[i] / c1 / (MathF.Sqrt(v[i] / c2) + eps)) + (weightDecay * p[i]));
            }
        }
    }
}
