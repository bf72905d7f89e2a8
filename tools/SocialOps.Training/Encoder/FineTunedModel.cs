using System.Numerics.Tensors;

namespace SocialOps.Training.Encoder;

/// <summary>
/// The trainable top of the sentiment model: the encoder's top layer or layers (bottom first), the mean over the text's
/// tokens, and the classification head. Its input is the hidden states entering the lowest of those layers,
/// [tokens × hidden].
/// </summary>
public sealed class FineTunedModel(EncoderLayer[] layers, SentimentHead head)
{
    public FineTunedModel(EncoderLayer layer, SentimentHead head)
        : this([layer], head)
    {
    }

    public EncoderLayer[] Layers { get; } = layers;

    public SentimentHead Head { get; } = head;

    private int Hidden => Layers[0].Hidden;

    /// <summary>Every layer's parameter groups, bottom layer first.</summary>
    public float[][] LayerParameters => [.. Layers.SelectMany(l => l.Parameters)];

    public float[] Pooled(float[] states, int tokens)
    {
        foreach (var layer in Layers)
        {
            states = layer.Forward(states, tokens);
        }

        return Mean(states, tokens, Hidden);
    }

    public float[] Logits(float[] states, int tokens) => Head.Logits(Pooled(states, tokens));

    public FineTunedModel Clone() => new([.. Layers.Select(l => l.Clone())], Head.Clone());

    /// <summary>Gradient buffers: each layer's groups (bottom first), then the head's W1, B1, W2, B2.</summary>
    public float[][] NewGradients() =>
        [.. Layers.SelectMany(l => l.NewGradients()), new float[Head.W1.Length], new float[Head.B1.Length], new float[Head.W2.Length], new float[Head.B2.Length]];

    /// <summary>The weighted cross-entropy of one text; adds its gradients to <paramref name="grads"/> and returns dL/dstates.</summary>
    public (double Loss, float[] InputGradient) Backward(float[] states, int tokens, int label, float weight, float[][] grads)
    {
        var traces = Layers.Select(_ => new EncoderLayer.Trace()).ToArray();
        var h = Hidden;
        var y = states;
        for (var l = 0; l < Layers.Length; l++)
        {
            y = Layers[l].Forward(y, tokens, traces[l]);
        }

        var pooled = Mean(y, tokens, h);
        var head = Head;
        var xs = new float[head.Input];
        var hidden = new float[head.Top];
        var logits = new float[SentimentHead.Classes];
        head.Forward(pooled, xs, hidden, logits);
        var p = Metrics.Softmax(logits);
        var loss = -weight * Math.Log(Math.Max(p[label], 1e-12));

        var layerGroups = Layers.Sum(l => l.Parameters.Length);
        var g = grads.AsSpan(layerGroups);
        var dHidden = new float[head.Top];
        for (var c = 0; c < SentimentHead.Classes; c++)
        {
            var dz = weight * (p[c] - (c == label ? 1f : 0f));
            g[3][c] += dz;
            var row = g[2].AsSpan(c * head.Top, head.Top);
            TensorPrimitives.MultiplyAdd(hidden, dz, row, row);
            TensorPrimitives.MultiplyAdd(head.W2.AsSpan(c * head.Top, head.Top), dz, dHidden, dHidden);
        }

        var dxs = new float[head.Input];
        if (head.Hidden > 0)
        {
            for (var j = 0; j < head.Hidden; j++)
            {
                if (hidden[j] <= 0)
                {
                    continue;
                }

                g[1][j] += dHidden[j];
                var row = g[0].AsSpan(j * head.Input, head.Input);
                TensorPrimitives.MultiplyAdd(xs, dHidden[j], row, row);
                TensorPrimitives.MultiplyAdd(head.W1.AsSpan(j * head.Input, head.Input), dHidden[j], dxs, dxs);
            }
        }
        else
        {
            dHidden.CopyTo(dxs, 0);
        }

        // Standardisation, then the mean over tokens: every token gets dpooled / tokens.
        TensorPrimitives.Multiply(dxs, head.InvStd, dxs);
        TensorPrimitives.Divide(dxs, tokens, dxs);
        var dy = new float[tokens * h];
        for (var t = 0; t < tokens; t++)
        {
            dxs.CopyTo(dy, t * h);
        }

        for (var l = Layers.Length - 1; l >= 0; l--)
        {
            var groups = Layers[l].Parameters.Length;
            dy = Layers[l].Backward(traces[l], dy, grads[(l * groups)..((l + 1) * groups)]);
        }

        return (loss, dy);
    }

    public static float[] Mean(float[] y, int tokens, int dim)
    {
        var m = new float[dim];
        for (var t = 0; t < tokens; t++)
        {
            TensorPrimitives.Add(m, y.AsSpan(t * dim, dim), m);
        }

        TensorPrimitives.Divide(m, tokens, m);
        return m;
    }
}
