using Google.Protobuf;
using Onnx;
using static SocialOps.Training.OnnxGraph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace SocialOps.Training.Encoder;

/// <summary>
/// One ONNX graph from input_ids, attention_mask and token_type_ids to logits: the packaged encoder, the pooling and the
/// head inside. Large weight matrices can be stored as int8 with one scale per row (embedding tables) or per output
/// column (the [in, out] MatMul weights); a Cast and a Mul rebuild them as floats, which ONNX Runtime folds at load.
/// </summary>
internal static class EncoderExporter
{
    private const int QuantizeFrom = 65_536;

    public static byte[] Export(ModelProto encoder, SentimentHead head, string pooling, bool quantize)
    {
        var model = encoder.Clone();
        var graph = model.Graph;
        var hidden = graph.Output.Single(o => o.Name == "last_hidden_state").Name;
        graph.Output.Clear();
        var added = new List<NodeProto>();
        var n = 0;
        string Node(string op, string[] inputs, params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = op, Name = $"head_{op}_{n}" };
            node.Input.AddRange(inputs);
            node.Output.Add($"head_{op.ToLowerInvariant()}_{n++}");
            node.Attribute.AddRange(attributes);
            added.Add(node);
            return node.Output[0];
        }

        string Const(string name, float[] data, params long[] dims)
        {
            graph.Initializer.Add(FloatTensor(name, data, dims));
            return name;
        }

        string Longs(string name, params long[] values)
        {
            var t = new TensorProto { Name = name, DataType = (int)DataType.Int64 };
            t.Dims.Add(values.Length);
            t.Int64Data.AddRange(values);
            graph.Initializer.Add(t);
            return name;
        }

        // Pooling over the real tokens: masked mean, first token, masked max.
        var mask = Node("Cast", ["attention_mask"], IntAttr("to", (long)DataType.Float));
        var mask3 = Node("Unsqueeze", [mask, Longs("head_axis2", 2)]);
        var axis1 = Longs("head_axis1", 1);
        var parts = new List<string>();
        string MaskedMean(string tensor)
        {
            var sum = Node("ReduceSum", [Node("Mul", [tensor, mask3]), axis1], IntAttr("keepdims", 0));
            var count = Node("Max", [Node("ReduceSum", [mask3, axis1], IntAttr("keepdims", 0)), "head_one"]);
            return Node("Div", [sum, count]);
        }

        Const("head_one", [1f]);
        if (pooling is "mean" or "mean+max" or "all" or "layers" or "all+layers")
        {
            parts.Add(MaskedMean(hidden));
        }

        if (pooling is "cls" or "all" or "all+layers")
        {
            var zero = new TensorProto { Name = "head_zero", DataType = (int)DataType.Int64 };
            zero.Int64Data.Add(0);
            graph.Initializer.Add(zero);
            parts.Add(Node("Gather", [hidden, "head_zero"], IntAttr("axis", 1)));
        }

        if (pooling is "max" or "mean+max" or "all" or "all+layers")
        {
            var penalty = Node("Mul", [Node("Sub", [mask3, "head_one"]), Const("head_big", [1e9f])]);
            parts.Add(Node("ReduceMax", [Node("Add", [hidden, penalty])], IntsAttr("axes", 1), IntAttr("keepdims", 0)));
        }

        if (pooling is "layers" or "all+layers")
        {
            parts.AddRange(MiniLm.LayerOutputs(graph).Select(MaskedMean));
        }

        var features = parts.Count == 1 ? parts[0] : Node("Concat", [.. parts], IntAttr("axis", 1));
        var x = Node("Mul", [Node("Sub", [features, Const("head_mean", head.Mean, head.Input)]), Const("head_inv_std", head.InvStd, head.Input)]);
        if (head.Hidden > 0)
        {
            var h = Node("MatMul", [x, Const("head_w1", Transpose(head.W1, head.Hidden, head.Input), head.Input, head.Hidden)]);
            x = Node("Relu", [Node("Add", [h, Const("head_b1", head.B1, head.Hidden)])]);
        }

        var logits = Node("MatMul", [x, Const("head_w2", Transpose(head.W2, SentimentHead.Classes, head.Top), head.Top, SentimentHead.Classes)]);
        added.Add(new NodeProto { OpType = "Add", Name = "head_logits", Input = { logits, Const("head_b2", head.B2, SentimentHead.Classes) }, Output = { "logits" } });
        graph.Node.AddRange(added);
        graph.Output.Add(new ValueInfoProto
        {
            Name = "logits",
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)DataType.Float,
                    Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "batch" }, new TensorShapeProto.Types.Dimension { DimValue = SentimentHead.Classes } } },
                },
            },
        });

        Prune(graph);
        if (quantize)
        {
            Quantize(graph);
        }

        model.ProducerName = "SocialOps.Training";
        return model.ToByteArray();
    }

    /// <summary>The float value of an initializer (raw data or float_data).</summary>
    public static float[] Floats(TensorProto t)
    {
        if (t.RawData.Length > 0)
        {
            var result = new float[t.RawData.Length / sizeof(float)];
            Buffer.BlockCopy(t.RawData.ToByteArray(), 0, result, 0, t.RawData.Length);
            return result;
        }

        return [.. t.FloatData];
    }

    // Keeps only the nodes and initializers the logits depend on (the encoder's pooler output goes).
    internal static void Prune(GraphProto graph)
    {
        var producers = new Dictionary<string, NodeProto>();
        foreach (var node in graph.Node)
        {
            foreach (var o in node.Output)
            {
                producers[o] = node;
            }
        }

        var needed = new HashSet<string>();
        var keep = new HashSet<NodeProto>();
        var stack = new Stack<string>(graph.Output.Select(o => o.Name));
        while (stack.Count > 0)
        {
            var name = stack.Pop();
            if (!needed.Add(name) || !producers.TryGetValue(name, out var node) || !keep.Add(node))
            {
                continue;
            }

            foreach (var input in node.Input.Where(i => i.Length > 0))
            {
                stack.Push(input);
            }
        }

        var nodes = graph.Node.Where(keep.Contains).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        var initializers = graph.Initializer.Where(i => needed.Contains(i.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        var valueInfo = graph.ValueInfo.Where(v => needed.Contains(v.Name)).ToList();
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(valueInfo);
    }

    private static void Quantize(GraphProto graph)
    {
        var rebuilt = new List<NodeProto>();
        var replaced = new List<(TensorProto Old, TensorProto[] New)>();
        foreach (var t in graph.Initializer)
        {
            if (t.DataType != (int)DataType.Float || t.Dims.Count != 2 || t.Dims[0] * t.Dims[1] < QuantizeFrom || t.Name.StartsWith("head_", StringComparison.Ordinal))
            {
                continue;
            }

            var (rows, cols) = ((int)t.Dims[0], (int)t.Dims[1]);
            // Embedding tables are looked up by row; MatMul weights [in, out] produce one output per column.
            var perRow = t.Name.StartsWith("embeddings.", StringComparison.Ordinal);
            var (values, scales) = perRow ? Int8.PerRow(Floats(t), rows, cols) : Int8.PerColumn(Floats(t), rows, cols);
            var q = new TensorProto { Name = t.Name + "_int8", DataType = (int)DataType.Int8, RawData = ByteString.CopyFrom((byte[])(Array)values) };
            q.Dims.AddRange([rows, cols]);
            var s = FloatTensor(t.Name + "_scale", scales, perRow ? [rows, 1] : [1, cols]);
            var cast = new NodeProto { OpType = "Cast", Name = t.Name + "_dequant_cast", Input = { q.Name }, Output = { t.Name + "_float" }, Attribute = { IntAttr("to", (long)DataType.Float) } };
            var mul = new NodeProto { OpType = "Mul", Name = t.Name + "_dequant_mul", Input = { cast.Output[0], s.Name }, Output = { t.Name } };
            rebuilt.Add(cast);
            rebuilt.Add(mul);
            replaced.Add((t, [q, s]));
        }

        foreach (var (old, @new) in replaced)
        {
            graph.Initializer.Remove(old);
            graph.Initializer.AddRange(@new);
        }

        // The rebuilt weights come first, so the node list stays in topological order.
        var nodes = rebuilt.Concat(graph.Node).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
    }

    private static TensorProto FloatTensor(string name, float[] data, params long[] dims)
    {
        var bytes = new byte[data.Length * sizeof(float)];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        var t = new TensorProto { Name = name, DataType = (int)DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        return t;
    }

    private static float[] Transpose(float[] w, int rows, int cols)
    {
        var t = new float[w.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = w[(r * cols) + c];
            }
        }

        return t;
    }
}

/// <summary>Symmetric int8 with one scale (max |x| / 127) per row or per column.</summary>
internal static class Int8
{
    public static (sbyte[] Values, float[] Scales) PerRow(float[] w, int rows, int cols) => EmbeddingQuantizer.Quantize(w, rows, cols);

    public static (sbyte[] Values, float[] Scales) PerColumn(float[] w, int rows, int cols)
    {
        var scales = new float[cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                scales[c] = MathF.Max(scales[c], MathF.Abs(w[(r * cols) + c]));
            }
        }

        for (var c = 0; c < cols; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        }

        var values = new sbyte[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            values[i] = (sbyte)Math.Clamp(MathF.Round(w[i] / scales[i % cols]), -127, 127);
        }

        return (values, scales);
    }
}
