using Google.Protobuf;
using Onnx;

namespace SocialOps.Training.Encoder;

/// <summary>
/// Reads a layer's parameters out of the encoder graph and writes them back in place. Biases and LayerNorm parameters
/// keep their Hugging Face names; each linear weight is the other input of the one MatMul whose output the named bias
/// is added to, stored [in × out].
/// </summary>
internal static class LayerWeights
{
    public static EncoderLayer Read(GraphProto graph, int layer)
    {
        var result = new EncoderLayer(MiniLm.Hidden, MiniLm.Heads, 4 * MiniLm.Hidden);
        var names = InitializerNames(graph, layer);
        var byName = graph.Initializer.ToDictionary(i => i.Name);
        for (var k = 0; k < names.Length; k++)
        {
            var values = EncoderExporter.Floats(byName[names[k]]);
            if (values.Length != result.Parameters[k].Length)
            {
                throw new InvalidDataException($"{names[k]} has {values.Length} values, expected {result.Parameters[k].Length}");
            }

            values.CopyTo(result.Parameters[k], 0);
        }

        return result;
    }

    /// <summary>Overwrites the layer's initializers (same names, same shapes) with <paramref name="weights"/>.</summary>
    public static void Write(GraphProto graph, int layer, EncoderLayer weights)
    {
        var names = InitializerNames(graph, layer);
        var byName = graph.Initializer.ToDictionary(i => i.Name);
        for (var k = 0; k < names.Length; k++)
        {
            var t = byName[names[k]];
            var data = weights.Parameters[k];
            if (t.Dims.Aggregate(1L, (a, d) => a * d) != data.Length)
            {
                throw new InvalidDataException($"{names[k]}: shape [{string.Join(", ", t.Dims)}] does not hold {data.Length} values");
            }

            var bytes = new byte[data.Length * sizeof(float)];
            Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
            t.FloatData.Clear();
            t.RawData = ByteString.CopyFrom(bytes);
        }
    }

    /// <summary>The graph's initializer names for <see cref="EncoderLayer.Names"/> of one layer.</summary>
    public static string[] InitializerNames(GraphProto graph, int layer)
    {
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet();
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(x => x.o, x => x.n);
        return [.. EncoderLayer.Names.Select(name =>
        {
            var full = $"encoder.layer.{layer}.{name}";
            if (!name.EndsWith(".weight", StringComparison.Ordinal) || name.Contains("LayerNorm", StringComparison.Ordinal))
            {
                return initializers.Contains(full) ? full : throw new InvalidDataException($"{full} not in the graph");
            }

            var bias = full[..^".weight".Length] + ".bias";
            var add = graph.Node.Single(n => n.OpType == "Add" && n.Input.Contains(bias));
            var matMul = add.Input.Where(i => i != bias && producers.TryGetValue(i, out var p) && p.OpType == "MatMul").Select(i => producers[i]).Single();
            return matMul.Input.Single(initializers.Contains);
        })];
    }
}
