namespace SocialOps.Training;

/// <summary>
/// A fastText-style classifier: the mean of token and hashed token-bigram embeddings, an optional ReLU
/// layer, then a linear layer to the label logits. The bigram hash uses only integer arithmetic that
/// ONNX can repeat exactly inside the graph.
/// </summary>
internal sealed class FastTextModel
{
    public const long BigramPrime = 1_000_003;

    public FastTextModel(int vocab, int buckets, int dim, int hidden, int classes, Random random)
    {
        (Vocab, Buckets, Dim, Hidden, Classes) = (vocab, buckets, dim, hidden, classes);
        Tokens = Uniform(vocab * dim, 1f / dim, random);
        Bigrams = Uniform(buckets * dim, 1f / dim, random);
        W1 = hidden > 0 ? Uniform(hidden * dim, MathF.Sqrt(6f / (dim + hidden)), random) : [];
        B1 = new float[hidden];
        W2 = new float[classes * OutIn];
        B2 = new float[classes];
    }

    public int Vocab { get; }
    public int Buckets { get; }
    public int Dim { get; }
    public int Hidden { get; }
    public int Classes { get; }
    public int OutIn => Hidden > 0 ? Hidden : Dim;
    public float[] Tokens { get; }
    public float[] Bigrams { get; }
    public float[] W1 { get; }
    public float[] B1 { get; }
    public float[] W2 { get; }
    public float[] B2 { get; }

    public static int BigramBucket(int a, int b, int buckets) => (int)((a * BigramPrime + b) % buckets);

    /// <summary>Fills <paramref name="h"/> (mean embedding), <paramref name="z"/> (hidden) and the logits.</summary>
    public void Forward(int[] ids, float[] h, float[] z, float[] logits)
    {
        Array.Clear(h);
        for (var t = 0; t < ids.Length; t++)
        {
            AddRow(Tokens, ids[t], h);
            if (t > 0)
            {
                AddRow(Bigrams, BigramBucket(ids[t - 1], ids[t], Buckets), h);
            }
        }

        var n = Math.Max(1, (2 * ids.Length) - 1);
        for (var d = 0; d < Dim; d++)
        {
            h[d] /= n;
        }

        var input = h;
        if (Hidden > 0)
        {
            for (var j = 0; j < Hidden; j++)
            {
                var s = B1[j];
                for (var d = 0; d < Dim; d++)
                {
                    s += W1[(j * Dim) + d] * h[d];
                }

                z[j] = MathF.Max(0, s);
            }

            input = z;
        }

        for (var c = 0; c < Classes; c++)
        {
            var s = B2[c];
            for (var d = 0; d < OutIn; d++)
            {
                s += W2[(c * OutIn) + d] * input[d];
            }

            logits[c] = s;
        }
    }

    public float[] Logits(int[] ids)
    {
        var (h, z, logits) = (new float[Dim], new float[Math.Max(1, Hidden)], new float[Classes]);
        Forward(ids, h, z, logits);
        return logits;
    }

    /// <summary>
    /// One model that computes the mean of the members' logits: the embedding tables side by side, the hidden
    /// layers block-diagonal, the classifiers concatenated and scaled by 1/K. The embedding tables are
    /// rounded as <paramref name="storage"/> stores them, so the figures of this model are those of its ONNX export.
    /// </summary>
    public static FastTextModel Ensemble(IReadOnlyList<FastTextModel> members, EmbeddingStorage storage)
    {
        var f = members[0];
        var k = members.Count;
        if (members.Any(m => m.Vocab != f.Vocab || m.Buckets != f.Buckets || m.Dim != f.Dim || m.Hidden != f.Hidden || m.Classes != f.Classes))
        {
            throw new ArgumentException("ensemble members must share their shape", nameof(members));
        }

        var e = new FastTextModel(f.Vocab, f.Buckets, f.Dim * k, f.Hidden * k, f.Classes, new Random(0));
        for (var i = 0; i < k; i++)
        {
            var m = members[i];
            Interleave(m.Tokens, e.Tokens, m.Vocab, m.Dim, i, k);
            Interleave(m.Bigrams, e.Bigrams, m.Buckets, m.Dim, i, k);
            for (var j = 0; j < m.Hidden; j++)
            {
                for (var d = 0; d < m.Dim; d++)
                {
                    e.W1[(((i * m.Hidden) + j) * e.Dim) + (i * m.Dim) + d] = m.W1[(j * m.Dim) + d];
                }

                e.B1[(i * m.Hidden) + j] = m.B1[j];
            }

            for (var c = 0; c < m.Classes; c++)
            {
                for (var d = 0; d < m.OutIn; d++)
                {
                    e.W2[(c * e.OutIn) + (i * m.OutIn) + d] = m.W2[(c * m.OutIn) + d] / k;
                }

                e.B2[c] += m.B2[c] / k;
            }
        }

        EmbeddingQuantizer.Round(e.Tokens, e.Vocab, e.Dim, storage);
        EmbeddingQuantizer.Round(e.Bigrams, e.Buckets, e.Dim, storage);
        return e;
    }

    private static void Interleave(float[] source, float[] target, int rows, int dim, int member, int members)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < dim; d++)
            {
                target[(r * dim * members) + (member * dim) + d] = source[(r * dim) + d];
            }
        }
    }

    public FastTextModel Clone()
    {
        var copy = new FastTextModel(Vocab, Buckets, Dim, Hidden, Classes, new Random(0));
        Tokens.CopyTo(copy.Tokens, 0);
        Bigrams.CopyTo(copy.Bigrams, 0);
        W1.CopyTo(copy.W1, 0);
        B1.CopyTo(copy.B1, 0);
        W2.CopyTo(copy.W2, 0);
        B2.CopyTo(copy.B2, 0);
        return copy;
    }

    private void AddRow(float[] table, int row, float[] h)
    {
        var span = table.AsSpan(row * Dim, Dim);
        for (var d = 0; d < Dim; d++)
        {
            h[d] += span[d];
        }
    }

    private static float[] Uniform(int n, float scale, Random random)
    {
        var a = new float[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }

        return a;
    }
}
