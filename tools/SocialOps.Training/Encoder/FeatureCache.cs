using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Training.Encoder;

/// <summary>
/// Pooled features of the frozen encoder's last layer, computed once per data set and cached on disk: for each text the
/// masked mean, the first token ([CLS]) and the masked max of last_hidden_state, 3 × 384 floats.
/// </summary>
internal static class FeatureCache
{
    public const int Dim = 3 * MiniLm.Hidden;

    /// <summary>With the earlier layers: also the masked mean of each of the first five layers' outputs.</summary>
    public const int DimWithLayers = Dim + ((MiniLm.Layers - 1) * MiniLm.Hidden);

    public sealed record Set(float[][] Features, int[] Labels);

    public static Set Compute(MiniLm encoder, IReadOnlyList<Example> examples, int maxLength, TextWriter log, string name, bool layers = false)
    {
        var tokenizer = encoder.Tokenizer(maxLength);
        var encoded = examples.Select(e => tokenizer.Encode(ModelText.Prepare(e.Text))).ToArray();
        using var so = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(layers ? encoder.WithLayerOutputs() : encoder.ModelBytes, so);
        string[] outputs = ["last_hidden_state", .. layers ? MiniLm.LayerOutputs(encoder.Graph().Graph) : []];
        var features = new float[examples.Count][];
        var order = Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Length).ToArray();
        var clock = Stopwatch.StartNew();
        const int batch = 64;
        for (var start = 0; start < order.Length; start += batch)
        {
            var rows = order.AsSpan(start, Math.Min(batch, order.Length - start)).ToArray();
            var pooled = Run(session, [.. rows.Select(r => encoded[r])], tokenizer.PadId, outputs);
            for (var i = 0; i < rows.Length; i++)
            {
                features[rows[i]] = pooled[i];
            }

            if ((start / batch) % 50 == 0)
            {
                log.WriteLine($"{name}: {start + rows.Length}/{order.Length} in {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        return new Set(features, [.. examples.Select(e => e.Label)]);
    }

    /// <summary>Runs one padded batch and pools each row (mean, first, max over the real tokens).</summary>
    public static float[][] Run(InferenceSession session, int[][] batch, int padId, string[] outputNames)
    {
        var width = batch.Max(b => b.Length);
        var ids = new long[batch.Length * width];
        var mask = new long[ids.Length];
        for (var r = 0; r < batch.Length; r++)
        {
            for (var t = 0; t < width; t++)
            {
                var inside = t < batch[r].Length;
                ids[(r * width) + t] = inside ? batch[r][t] : padId;
                mask[(r * width) + t] = inside ? 1 : 0;
            }
        }

        long[] shape = [batch.Length, width];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], outputNames);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var result = new float[batch.Length][];
        const int h = MiniLm.Hidden;
        for (var r = 0; r < batch.Length; r++)
        {
            var last = Pool(hidden.Slice(r * width * h, width * h), batch[r].Length);
            if (outputNames.Length == 1)
            {
                result[r] = last;
                continue;
            }

            result[r] = new float[Dim + ((outputNames.Length - 1) * h)];
            last.CopyTo(result[r], 0);
            for (var k = 1; k < outputNames.Length; k++)
            {
                var layer = outputs[k].GetTensorDataAsSpan<float>().Slice(r * width * h, width * h);
                Pool(layer, batch[r].Length).AsSpan(0, h).CopyTo(result[r].AsSpan(Dim + ((k - 1) * h), h));
            }
        }

        return result;
    }

    /// <summary>[mean | first | max] over the first <paramref name="length"/> token vectors.</summary>
    public static float[] Pool(ReadOnlySpan<float> tokens, int length)
    {
        const int h = MiniLm.Hidden;
        var f = new float[Dim];
        var mean = f.AsSpan(0, h);
        var max = f.AsSpan(2 * h, h);
        tokens[..h].CopyTo(f.AsSpan(h, h));
        max.Fill(float.NegativeInfinity);
        for (var t = 0; t < length; t++)
        {
            var v = tokens.Slice(t * h, h);
            System.Numerics.Tensors.TensorPrimitives.Add(mean, v, mean);
            System.Numerics.Tensors.TensorPrimitives.Max(max, v, max);
        }

        System.Numerics.Tensors.TensorPrimitives.Divide(mean, length, mean);
        return f;
    }

    public static void Save(string path, Set set)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write(set.Features.Length);
        w.Write(set.Features.Length == 0 ? Dim : set.Features[0].Length);
        for (var i = 0; i < set.Features.Length; i++)
        {
            w.Write(set.Labels[i]);
            foreach (var v in set.Features[i])
            {
                w.Write(v);
            }
        }
    }

    public static Set Read(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        var n = r.ReadInt32();
        var dim = r.ReadInt32();
        var features = new float[n][];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = r.ReadInt32();
            features[i] = new float[dim];
            for (var d = 0; d < dim; d++)
            {
                features[i][d] = r.ReadSingle();
            }
        }

        return new Set(features, labels);
    }
}
