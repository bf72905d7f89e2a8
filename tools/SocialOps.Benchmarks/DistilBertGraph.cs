using Onnx;
using SocialOps.Training;
using static SocialOps.Training.OnnxGraph;

namespace SocialOps.Benchmarks;

/// <summary>
/// A randomly initialised graph shaped like DistilBERT base for sequence classification (6 layers, hidden 768,
/// 12 heads, feed-forward 3072, vocabulary 30,522, 512 positions, 2 labels): what a user who drops in the real
/// model gets from the engine, in time. Built at benchmark time into a temporary folder; never committed.
/// </summary>
internal static class DistilBertGraph
{
    private const int Vocab = 30_522, Hidden = 768, Heads = 12, HeadDim = 64, Ffn = 3_072, Layers = 6, Positions = 512;

    public static byte[] Build(int seed)
    {
        var random = new Random(seed);
        var g = new OnnxGraph();
        g.Input("input_ids", TensorProto.Types.DataType.Int64, "batch", "sequence");
        g.Input("attention_mask", TensorProto.Types.DataType.Int64, "batch", "sequence");
        g.Output("logits", TensorProto.Types.DataType.Float, "batch", "2");

        var length = g.Node("Gather", [g.Node("Shape", ["input_ids"]), g.ScalarLong(1)], attributes: IntAttr("axis", 0));
        var positions = g.Node("Range", [g.ScalarLong(0), length, g.ScalarLong(1)]);
        var x = g.Node("Add", [
            g.Node("Gather", [W(g, random, "word_embeddings", Vocab, Hidden), "input_ids"]),
            g.Node("Gather", [W(g, random, "position_embeddings", Positions, Hidden), positions])]);
        x = Norm(g, x, "embeddings");

        var maskFloat = g.Node("Cast", ["attention_mask"], attributes: IntAttr("to", (long)TensorProto.Types.DataType.Float));
        var maskBias = g.Node("Mul", [g.Node("Sub", [g.ScalarFloat(1f), maskFloat]), g.ScalarFloat(-10000f)]);
        maskBias = g.Node("Unsqueeze", [maskBias, g.Longs(1, 2)]);
        var split = g.Longs(0, 0, Heads, HeadDim);
        var merge = g.Longs(0, 0, Hidden);
        for (var layer = 0; layer < Layers; layer++)
        {
            var p = $"layer{layer}";
            var q = g.Node("Transpose", [g.Node("Reshape", [Linear(g, random, x, $"{p}.q", Hidden, Hidden), split])], attributes: IntsAttr("perm", 0, 2, 1, 3));
            var k = g.Node("Transpose", [g.Node("Reshape", [Linear(g, random, x, $"{p}.k", Hidden, Hidden), split])], attributes: IntsAttr("perm", 0, 2, 3, 1));
            var v = g.Node("Transpose", [g.Node("Reshape", [Linear(g, random, x, $"{p}.v", Hidden, Hidden), split])], attributes: IntsAttr("perm", 0, 2, 1, 3));
            var scores = g.Node("Add", [g.Node("Mul", [g.Node("MatMul", [q, k]), g.ScalarFloat(0.125f)]), maskBias]);
            var context = g.Node("MatMul", [g.Node("Softmax", [scores], attributes: IntAttr("axis", -1)), v]);
            context = g.Node("Reshape", [g.Node("Transpose", [context], attributes: IntsAttr("perm", 0, 2, 1, 3)), merge]);
            x = Norm(g, g.Node("Add", [x, Linear(g, random, context, $"{p}.out", Hidden, Hidden)]), $"{p}.attention");
            var inner = Gelu(g, Linear(g, random, x, $"{p}.ffn1", Hidden, Ffn));
            x = Norm(g, g.Node("Add", [x, Linear(g, random, inner, $"{p}.ffn2", Ffn, Hidden)]), $"{p}.output");
        }

        var cls = g.Node("Gather", [x, g.ScalarLong(0)], attributes: IntAttr("axis", 1));
        var pooled = g.Node("Relu", [Linear(g, random, cls, "pre_classifier", Hidden, Hidden)]);
        var logits = Linear(g, random, pooled, "classifier", Hidden, 2);
        g.Node("Identity", [logits], "logits");
        return g.ToBytes("SocialOps.Benchmarks");
    }

    private static string Linear(OnnxGraph g, Random random, string input, string name, int inSize, int outSize) =>
        g.Node("Add", [g.Node("MatMul", [input, W(g, random, name + ".weight", inSize, outSize)]), g.Floats(name + ".bias", new float[outSize], outSize)]);

    private static string Norm(OnnxGraph g, string input, string name) =>
        g.Node("LayerNormalization", [input, g.Floats(name + ".gamma", Enumerable.Repeat(1f, Hidden).ToArray(), Hidden), g.Floats(name + ".beta", new float[Hidden], Hidden)],
            attributes: [IntAttr("axis", -1), FloatAttr("epsilon", 1e-12f)]);

    // GELU as BERT computes it: 0.5·x·(1 + erf(x/√2)).
    private static string Gelu(OnnxGraph g, string x) =>
        g.Node("Mul", [g.Node("Mul", [x, g.ScalarFloat(0.5f)]), g.Node("Add", [g.ScalarFloat(1f), g.Node("Erf", [g.Node("Mul", [x, g.ScalarFloat(0.70710678f)])])])]);

    private static string W(OnnxGraph g, Random random, string name, int rows, int cols)
    {
        var data = new float[rows * cols];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() - 0.5) * 0.04);
        }

        return g.Floats(name, data, rows, cols);
    }
}
