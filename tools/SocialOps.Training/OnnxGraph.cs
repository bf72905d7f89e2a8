using Google.Protobuf;
using Onnx;

namespace SocialOps.Training;

/// <summary>A small helper over OnnxSharp's protobuf classes for writing inference graphs.</summary>
public sealed class OnnxGraph
{
    private readonly GraphProto _graph = new() { Name = "graph" };
    private int _next;

    public void Input(string name, TensorProto.Types.DataType type, params string[] dims) =>
        _graph.Input.Add(Value(name, type, dims));

    public void Output(string name, TensorProto.Types.DataType type, params string[] dims) =>
        _graph.Output.Add(Value(name, type, dims));

    public string Floats(string name, float[] data, params long[] dims)
    {
        var bytes = new byte[data.Length * sizeof(float)];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>An initializer of 16-bit floats (IEEE half precision, little-endian raw data).</summary>
    public string Halves(string name, float[] data, params long[] dims)
    {
        var bytes = new byte[data.Length * 2];
        for (var i = 0; i < data.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2, 2), (Half)data[i]);
        }

        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float16, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        _graph.Initializer.Add(t);
        return name;
    }

    public string SBytes(string name, sbyte[] data, params long[] dims)
    {
        var bytes = new byte[data.Length];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        _graph.Initializer.Add(t);
        return name;
    }

    public string Longs(params long[] values)
    {
        var t = new TensorProto { Name = $"const_{_next++}", DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    public string ScalarLong(long value)
    {
        var t = new TensorProto { Name = $"const_{_next++}", DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Int64Data.Add(value);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    public string ScalarFloat(float value)
    {
        var t = new TensorProto { Name = $"const_{_next++}", DataType = (int)TensorProto.Types.DataType.Float };
        t.FloatData.Add(value);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>Adds a node and returns the name of its (first) output.</summary>
    public string Node(string op, string[] inputs, string? output = null, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{_next}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output ?? $"{op.ToLowerInvariant()}_{_next}");
        node.Attribute.AddRange(attributes);
        _next++;
        _graph.Node.Add(node);
        return node.Output[0];
    }

    public static AttributeProto IntAttr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto FloatAttr(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto IntsAttr(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public byte[] ToBytes(string producer)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = producer, Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, string[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(long.TryParse(d, out var v)
                ? new TensorShapeProto.Types.Dimension { DimValue = v }
                : new TensorShapeProto.Types.Dimension { DimParam = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
