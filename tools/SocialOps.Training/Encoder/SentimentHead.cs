using System.Numerics.Tensors;

namespace SocialOps.Training.Encoder;

/// <summary>
/// The classifier over pooled encoder features: standardisation, then either a linear layer or one ReLU hidden layer,
/// then 3 logits. Weights are row-major: W1 [hidden × input], W2 [classes × hidden (or input)].
/// </summary>
public sealed class SentimentHead
{
    public const int Classes = 3;

    public SentimentHead(int input, int hidden, Random random)
    {
        (Input, Hidden) = (input, hidden);
        Mean = new float[input];
        InvStd = [.. Enumerable.Repeat(1f, input)];
        var top = hidden > 0 ? hidden : input;
        W1 = new float[hidden * input];
        B1 = new float[hidden];
        W2 = new float[Classes * top];
        B2 = new float[Classes];
        Init(W1, input, random);
        Init(W2, top, random);
    }

    public int Input { get; }

    public int Hidden { get; }

    public float[] Mean { get; }

    public float[] InvStd { get; }

    public float[] W1 { get; }

    public float[] B1 { get; }

    public float[] W2 { get; }

    public float[] B2 { get; }

    public int Top => Hidden > 0 ? Hidden : Input;

    public void Standardize(IReadOnlyList<float[]> features)
    {
        for (var d = 0; d < Input; d++)
        {
            double sum = 0, sq = 0;
            foreach (var f in features)
            {
                sum += f[d];
                sq += (double)f[d] * f[d];
            }

            var mean = sum / features.Count;
            var std = Math.Sqrt(Math.Max((sq / features.Count) - (mean * mean), 1e-8));
            Mean[d] = (float)mean;
            InvStd[d] = (float)(1 / std);
        }
    }

    public float[] Logits(float[] features)
    {
        var x = new float[Input];
        var h = new float[Top];
        var logits = new float[Classes];
        Forward(features, x, h, logits);
        return logits;
    }

    /// <summary>x: the standardised input, h: the hidden activations (the input itself for a linear head).</summary>
    internal void Forward(float[] features, float[] x, float[] h, float[] logits)
    {
        TensorPrimitives.Subtract(features, Mean, x);
        TensorPrimitives.Multiply(x, InvStd, x);
        if (Hidden > 0)
        {
            for (var j = 0; j < Hidden; j++)
            {
                h[j] = MathF.Max(0, TensorPrimitives.Dot(W1.AsSpan(j * Input, Input), x) + B1[j]);
            }
        }
        else
        {
            x.CopyTo(h, 0);
        }

        for (var c = 0; c < Classes; c++)
        {
            logits[c] = TensorPrimitives.Dot(W2.AsSpan(c * Top, Top), h) + B2[c];
        }
    }

    /// <summary>Divides the logits by a temperature, for good: the last layer is scaled.</summary>
    public void ApplyTemperature(double temperature)
    {
        TensorPrimitives.Divide(W2, (float)temperature, W2);
        TensorPrimitives.Divide(B2, (float)temperature, B2);
    }

    public SentimentHead Clone()
    {
        var copy = new SentimentHead(Input, Hidden, new Random(0));
        Mean.CopyTo(copy.Mean, 0);
        InvStd.CopyTo(copy.InvStd, 0);
        W1.CopyTo(copy.W1, 0);
        B1.CopyTo(copy.B1, 0);
        W2.CopyTo(copy.W2, 0);
        B2.CopyTo(copy.B2, 0);
        return copy;
    }

    private static void Init(float[] w, int fanIn, Random random)
    {
        var bound = MathF.Sqrt(6f / fanIn) / 2;
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = ((float)random.NextDouble() * 2 * bound) - bound;
        }
    }
}
