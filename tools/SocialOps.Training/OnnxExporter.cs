using Onnx;
using static SocialOps.Training.OnnxGraph;

namespace SocialOps.Training;

/// <summary>
/// Writes <see cref="FastTextModel"/> as an ONNX graph with the Hugging Face sequence-classification
/// signature (input_ids, attention_mask → logits): Gather → masked mean → (MatMul/Add → Relu) → MatMul/Add.
/// The token bigrams are hashed inside the graph with the trainer's integer formula.
/// </summary>
internal static class OnnxExporter
{
    /// <param name="m">The trained model.</param>
    /// <param name="tokenTypeIds">Also take BERT's token_type_ids (added to the ids, so zeros change nothing), as some exports do.</param>
    /// <param name="storage">How the embedding tables are stored; gathered rows are turned back into floats in the graph.</param>
    /// <param name="negation">Shift the ids that follow a negation word to their second embedding row, as in training.</param>
    public static byte[] Export(FastTextModel m, bool tokenTypeIds = false, EmbeddingStorage storage = EmbeddingStorage.Full, NegationScope? negation = null)
    {
        var g = new OnnxGraph();
        var i64 = TensorProto.Types.DataType.Int64;
        g.Input("input_ids", i64, "batch", "sequence");
        g.Input("attention_mask", i64, "batch", "sequence");
        var ids = "input_ids";
        if (tokenTypeIds)
        {
            g.Input("token_type_ids", i64, "batch", "sequence");
            ids = g.Node("Add", ["input_ids", "token_type_ids"]);
        }

        g.Output("logits", TensorProto.Types.DataType.Float, "batch", m.Classes.ToString(System.Globalization.CultureInfo.InvariantCulture));

        if (negation is not null)
        {
            ids = MarkNegationScope(g, ids, negation);
        }

        var tokens = Table(g, "token_embeddings", m.Tokens, m.Vocab, m.Dim, storage);
        var bigrams = Table(g, "bigram_embeddings", m.Bigrams, m.Buckets, m.Dim, storage);
        var axis1 = g.Longs(1);
        var axis2 = g.Longs(2);

        var mask = g.Node("Cast", ["attention_mask"], attributes: IntAttr("to", (long)TensorProto.Types.DataType.Float));
        var (tokSum, tokCount) = MaskedSum(g, Lookup(g, tokens, ids, storage), mask, axis1, axis2);

        var first = g.Longs(0);
        var last = g.Longs(-1);
        var second = g.Longs(1);
        var end = g.Longs(long.MaxValue);
        var left = g.Node("Slice", [ids, first, last, axis1]);
        var right = g.Node("Slice", [ids, second, end, axis1]);
        var pairMask = g.Node("Mul", [g.Node("Slice", [mask, first, last, axis1]), g.Node("Slice", [mask, second, end, axis1])]);
        var hash = g.Node("Mod", [g.Node("Add", [g.Node("Mul", [left, g.Longs(FastTextModel.BigramPrime)]), right]), g.Longs(m.Buckets)]);
        var (biSum, biCount) = MaskedSum(g, Lookup(g, bigrams, hash, storage), pairMask, axis1, axis2);

        var count = g.Node("Max", [g.Node("Add", [tokCount, biCount]), g.Floats("one", [1f], 1)]);
        var h = g.Node("Div", [g.Node("Add", [tokSum, biSum]), count]);
        if (m.Hidden > 0)
        {
            var w1 = g.Floats("hidden_weight", Transpose(m.W1, m.Hidden, m.Dim), m.Dim, m.Hidden);
            h = g.Node("Relu", [g.Node("Add", [g.Node("MatMul", [h, w1]), g.Floats("hidden_bias", m.B1, m.Hidden)])]);
        }

        var w2 = g.Floats("classifier_weight", Transpose(m.W2, m.Classes, m.OutIn), m.OutIn, m.Classes);
        g.Node("Add", [g.Node("MatMul", [h, w2]), g.Floats("classifier_bias", m.B2, m.Classes)], "logits");
        return g.ToBytes("SocialOps.Training");
    }

    // isNegator[t] from a 0/1 table over the vocabulary; marked[t] = max over j in 1..W of isNegator[t - j]
    // (left-padded with zeros); rows = ids + vocab · marked.
    private static string MarkNegationScope(OnnxGraph g, string ids, NegationScope negation)
    {
        var table = new float[negation.Vocab];
        foreach (var n in negation.Negators)
        {
            table[n] = 1f;
        }

        var isNegator = g.Node("Gather", [g.Floats("negators", table, negation.Vocab), ids]);
        var padded = g.Node("Pad", [isNegator, g.Longs(0, negation.Window, 0, 0), g.ScalarFloat(0f)]);
        var axis1 = g.Longs(1);
        var shifted = Enumerable.Range(1, negation.Window)
            .Select(j => g.Node("Slice", [padded, g.Longs(negation.Window - j), g.Longs(-j), axis1]))
            .ToArray();
        var marked = g.Node("Max", shifted);
        var offset = g.Node("Mul", [marked, g.ScalarFloat(negation.Vocab)]);
        var shift = g.Node("Cast", [offset], attributes: IntAttr("to", (long)TensorProto.Types.DataType.Int64));
        return g.Node("Add", [ids, shift]);
    }

    private static (string Values, string? Scales) Table(OnnxGraph g, string name, float[] data, int rows, int dim, EmbeddingStorage storage)
    {
        switch (storage)
        {
            case EmbeddingStorage.Half:
                return (g.Halves(name, data, rows, dim), null);
            case EmbeddingStorage.Quantized:
                var (values, scales) = EmbeddingQuantizer.Quantize(data, rows, dim);
                return (g.SBytes(name, values, rows, dim), g.Floats(name + "_scales", scales, rows, 1));
            default:
                return (g.Floats(name, data, rows, dim), null);
        }
    }

    private static string Lookup(OnnxGraph g, (string Values, string? Scales) table, string rows, EmbeddingStorage storage)
    {
        var gathered = g.Node("Gather", [table.Values, rows]);
        if (storage == EmbeddingStorage.Full)
        {
            return gathered;
        }

        var asFloat = g.Node("Cast", [gathered], attributes: IntAttr("to", (long)TensorProto.Types.DataType.Float));
        return table.Scales is null ? asFloat : g.Node("Mul", [asFloat, g.Node("Gather", [table.Scales, rows])]);
    }

    private static (string Sum, string Count) MaskedSum(OnnxGraph g, string embedded, string mask, string axis1, string axis2)
    {
        var weighted = g.Node("Mul", [embedded, g.Node("Unsqueeze", [mask, axis2])]);
        return (g.Node("ReduceSum", [weighted, axis1], attributes: IntAttr("keepdims", 0)),
                g.Node("ReduceSum", [mask, axis1], attributes: IntAttr("keepdims", 1)));
    }

    private static float[] Transpose(float[] a, int rows, int cols)
    {
        var t = new float[a.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = a[(r * cols) + c];
            }
        }

        return t;
    }
}
