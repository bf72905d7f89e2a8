using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Training.Encoder;

/// <summary>
/// The hidden states entering the encoder's top layer, one vector per real token (padding is not stored: a text's
/// tokens never attend to padding), computed once with the packaged graph cut after layer 4 and cached as 16-bit floats.
/// </summary>
internal static class TokenStates
{
    public sealed record Set(Half[][] States, int[] Lengths, int[] Labels)
    {
        public int Count => Labels.Length;

        /// <summary>The states of text i as floats, [length × hidden].</summary>
        public float[] Floats(int i)
        {
            var s = States[i];
            var f = new float[s.Length];
            System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(s, f);
            return f;
        }

        public Set Rows(IReadOnlyList<int> rows) => new([.. rows.Select(r => States[r])], [.. rows.Select(r => Lengths[r])], [.. rows.Select(r => Labels[r])]);
    }

    /// <summary>The output of layer <paramref name="layer"/> − 1, i.e. what layer <paramref name="layer"/> reads.</summary>
    public static string InputOf(GraphProto graph, int layer) =>
        graph.Node.Single(n => n.OpType == "Add" && n.Input.Contains($"encoder.layer.{layer - 1}.output.LayerNorm.bias")).Output[0];

    /// <summary>The encoder graph cut so that its only output is the input of <paramref name="layer"/>.</summary>
    public static byte[] CutBefore(ModelProto encoder, int layer)
    {
        var model = encoder.Clone();
        var name = InputOf(model.Graph, layer);
        model.Graph.Output.Clear();
        model.Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } });
        EncoderExporter.Prune(model.Graph);
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    public static Set Compute(MiniLm encoder, IReadOnlyList<Example> examples, int layer, int maxLength, TextWriter log, string name)
    {
        var tokenizer = encoder.Tokenizer(maxLength);
        var encoded = examples.Select(e => tokenizer.Encode(ModelText.Prepare(e.Text))).ToArray();
        using var so = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(CutBefore(encoder.Graph(), layer), so);
        var output = session.OutputNames[0];
        var states = new Half[examples.Count][];
        var order = Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Length).ToArray();
        var clock = Stopwatch.StartNew();
        const int batch = 64;
        const int h = MiniLm.Hidden;
        for (var start = 0; start < order.Length; start += batch)
        {
            var rows = order.AsSpan(start, Math.Min(batch, order.Length - start)).ToArray();
            var hidden = Run(session, [.. rows.Select(r => encoded[r])], tokenizer.PadId, output, out var width);
            for (var i = 0; i < rows.Length; i++)
            {
                var length = encoded[rows[i]].Length;
                states[rows[i]] = new Half[length * h];
                System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(hidden.AsSpan(i * width * h, length * h), states[rows[i]]);
            }

            if ((start / batch) % 50 == 0)
            {
                log.WriteLine($"{name}: {start + rows.Length}/{order.Length} in {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        return new Set(states, [.. encoded.Select(e => e.Length)], [.. examples.Select(e => e.Label)]);
    }

    /// <summary>Runs one padded batch; returns [batch × width × hidden] floats.</summary>
    public static float[] Run(InferenceSession session, int[][] batch, int padId, string output, out int width)
    {
        width = batch.Max(b => b.Length);
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
        using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], [output]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public static void Save(string path, Set set)
    {
        using var w = new BinaryWriter(new BufferedStream(File.Create(path), 1 << 20));
        w.Write(set.Count);
        w.Write(MiniLm.Hidden);
        for (var i = 0; i < set.Count; i++)
        {
            w.Write(set.Labels[i]);
            w.Write(set.Lengths[i]);
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(set.States[i].AsSpan()));
        }
    }

    public static Set Read(string path)
    {
        using var r = new BinaryReader(new BufferedStream(File.OpenRead(path), 1 << 20));
        var n = r.ReadInt32();
        var hidden = r.ReadInt32();
        var states = new Half[n][];
        var lengths = new int[n];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = r.ReadInt32();
            lengths[i] = r.ReadInt32();
            states[i] = new Half[lengths[i] * hidden];
            r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(states[i].AsSpan()));
        }

        return new Set(states, lengths, labels);
    }
}
