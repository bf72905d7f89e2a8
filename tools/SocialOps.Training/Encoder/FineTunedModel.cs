using System.Numerics.Tensors;

namespace SocialOps.Training.Encoder;

/// <summary>
/// The trainable top of the sentiment model: the encoder's top layer, the masked mean over the text's tokens, and the
/// classification head. Its input is the hidden states entering the layer, [tokens × hidden].
/// </summary>
public sealed class FineTunedModel(EncoderLayer layer, SentimentHead head)
{
    public EncoderLayer Layer { get; } = layer;

    public SentimentHead Head { get; } = head;

    public float[] Pooled(float[] states, int tokens) => Mean(Layer.Forward(states, tokens), tokens, Layer.Hidden);

    public float[] Logits(float[] states, int tokens) => Head.Logits(Pooled(states, tokens));

    public FineTunedModel Clone() => new(Layer.Clone(), Head.Clone());

    /// <summary>Gradient buffers: the layer's groups, then the head's W1, B1, W2, B2.</summary>
    public float[][] NewGradients() =>
        [.. Layer.NewGradients(), new float[Head.W1.Length], new float[Head.B1.Length], new float[Head.W2.Length], new float[Head.B2.Length]];

    /// <summary>The weighted cross-entropy of one text; adds its gradients to <paramref name="grads"/> and returns dL/dstates.</summary>
    public (double Loss, float[] InputGradient) Backward(float[] states, int tokens, int label, float weight, float[][] grads)
    {
        var trace = new EncoderLayer.Trace();
        var h = Layer.Hidden;
        var y = Layer.Forward(states, tokens, trace);
        var pooled = Mean(y, tokens, h);
        var head = Head;
        var xs = new float[head.Input];
        var hidden = new float[head.Top];
        var logits = new float[SentimentHead.Classes];
        head.Forward(pooled, xs, hidden, logits);
        var p = Metrics.Softmax(logits);
        var loss = -weight * Math.Log(Math.Max(p[label], 1e-12));

        var g = grads.AsSpan(Layer.Parameters.Length);
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

        return (loss, Layer.Backward(trace, dy, grads));
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
