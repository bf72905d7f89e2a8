using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace SocialOps.Core.Sentiment.Engine;

/// <summary>
/// A sequence-classification model in ONNX (inputs input_ids, attention_mask, optional token_type_ids;
/// output logits) behind one shared session. Callers' texts are tokenized on their own threads and
/// coalesced by a <see cref="MicroBatcher"/> into padded batches.
/// </summary>
public sealed class OnnxSentimentScorer : ISentimentScorer
{
    private readonly InferenceSession _session;
    private readonly ModelConfig _config;
    private readonly SentimentTokenizer _tokenizer;
    private readonly MicroBatcher _batcher;
    private readonly bool _typeIds;
    private readonly string _output;
    private readonly RunOptions _runOptions = new();

    private OnnxSentimentScorer(InferenceSession session, ModelConfig config, SentimentTokenizer tokenizer, SentimentOptions options, TimeProvider time)
    {
        (_session, _config, _tokenizer) = (session, config, tokenizer);
        _typeIds = session.InputMetadata.ContainsKey("token_type_ids");
        _output = session.OutputMetadata.ContainsKey("logits") ? "logits" : session.OutputNames[0];
        _batcher = new MicroBatcher(RunBatch, options.MaxBatchSize, TimeSpan.FromMilliseconds(options.MaxWaitMilliseconds), time);
    }

    public SentimentTokenizer Tokenizer => _tokenizer;

    /// <summary>Loads and checks the directory; any problem is a <see cref="ModelLoadException"/> naming the file.</summary>
    public static OnnxSentimentScorer Load(string directory, SentimentOptions options, TimeProvider time)
    {
        var config = ModelConfig.Load(directory);
        var tokenizer = SentimentTokenizer.FromDirectory(directory, config.LowerCase, config.MaxLength);
        var modelPath = Path.Combine(directory, "model.onnx");
        if (!File.Exists(modelPath))
        {
            throw new ModelLoadException($"model.onnx is missing from {directory}");
        }

        InferenceSession session;
        try
        {
            using var so = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            so.IntraOpNumThreads = options.IntraOpThreads;
            so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            session = new InferenceSession(modelPath, so);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"model.onnx cannot be loaded: {ex.Message}", ex);
        }

        // From here on a failure disposes what was created: the session, then the scorer with its batch thread.
        OnnxSentimentScorer? scorer = null;
        try
        {
            if (!session.InputMetadata.ContainsKey("input_ids") || !session.InputMetadata.ContainsKey("attention_mask"))
            {
                throw new ModelLoadException("model.onnx must take input_ids and attention_mask");
            }

            var unknown = session.InputMetadata.Keys.Except(["input_ids", "attention_mask", "token_type_ids"]).ToList();
            if (unknown.Count > 0)
            {
                throw new ModelLoadException($"model.onnx asks for inputs the engine does not give: {string.Join(", ", unknown)}");
            }

            scorer = new OnnxSentimentScorer(session, config, tokenizer, options, time);
            scorer.CheckOutputs();
            return scorer;
        }
        catch
        {
            if (scorer is null)
            {
                session.Dispose();
            }
            else
            {
                scorer.Dispose();
            }

            throw;
        }
    }

    public async Task<SentimentScores[]> ScoreAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var encoded = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            encoded[i] = _tokenizer.Encode(ModelText.Prepare(texts[i]));
        }

        return await _batcher.SubmitAsync(encoded, ct);
    }

    /// <summary>Scores pre-tokenized texts directly (benchmarks compare this path with a bare session run).</summary>
    public Task<SentimentScores[]> ScoreTokenizedAsync(int[][] encoded, CancellationToken ct) => _batcher.SubmitAsync(encoded, ct);

    public void Dispose()
    {
        _batcher.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    // Runs on the batcher's thread: one padded batch, pooled buffers, results in the callers' order.
    private void RunBatch(ReadOnlySpan<int[]> batch, Span<SentimentScores> results)
    {
        var rows = batch.Length;
        var width = 0;
        foreach (var ids in batch)
        {
            width = Math.Max(width, ids.Length);
        }

        var size = rows * width;
        var ids64 = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        var types = _typeIds ? ArrayPool<long>.Shared.Rent(size) : null;
        try
        {
            for (var r = 0; r < rows; r++)
            {
                var row = batch[r];
                for (var t = 0; t < width; t++)
                {
                    var inside = t < row.Length;
                    ids64[(r * width) + t] = inside ? row[t] : _tokenizer.PadId;
                    mask[(r * width) + t] = inside ? 1 : 0;
                }
            }

            Run(ids64, mask, types, rows, width, results);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids64);
            ArrayPool<long>.Shared.Return(mask);
            if (types is not null)
            {
                ArrayPool<long>.Shared.Return(types);
            }
        }
    }

    private void Run(long[] ids, long[] mask, long[]? types, int rows, int width, Span<SentimentScores> results)
    {
        long[] shape = [rows, width];
        var size = rows * width;
        using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, size), shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, size), shape);
        using var typesValue = types is null ? null : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ClearTypes(types, size), shape);
        var names = types is null ? InputNames : InputNamesWithTypes;
        var values = types is null ? new[] { idsValue, maskValue } : new[] { idsValue, maskValue, typesValue! };
        using var outputs = _session.Run(_runOptions, names, values, [_output]);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        var labels = logits.Length / rows;
        if (labels != _config.LabelCount)
        {
            throw new ModelLoadException($"config.json names {_config.LabelCount} labels but model.onnx returns {labels} logits");
        }

        for (var r = 0; r < rows; r++)
        {
            results[r] = ToScores(logits.Slice(r * labels, labels));
        }
    }

    private SentimentScores ToScores(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var l in logits)
        {
            max = Math.Max(max, l);
        }

        Span<float> p = stackalloc float[logits.Length];
        var sum = 0f;
        for (var i = 0; i < logits.Length; i++)
        {
            p[i] = MathF.Exp(logits[i] - max);
            sum += p[i];
        }

        var neutral = _config.NeutralIndex is { } n ? p[n] / sum : 0f;
        return new SentimentScores(p[_config.NegativeIndex] / sum, neutral, p[_config.PositiveIndex] / sum, _config.NeutralIndex is not null);
    }

    // A graph that does not return one float logit per configured label would give silently wrong answers (or none):
    // refuse it at load by running one text through the whole path.
    private void CheckOutputs()
    {
        if (_session.OutputMetadata[_output].ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float)
        {
            throw new ModelLoadException($"model.onnx output {_output} is {_session.OutputMetadata[_output].ElementDataType}, not float logits");
        }

        try
        {
            RunBatch([_tokenizer.Encode("ok")], new SentimentScores[1]);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"model.onnx fails on a test input: {ex.Message}", ex);
        }
    }

    private static Memory<long> ClearTypes(long[] types, int size)
    {
        Array.Clear(types, 0, size);
        return types.AsMemory(0, size);
    }

    private static readonly string[] InputNames = ["input_ids", "attention_mask"];
    private static readonly string[] InputNamesWithTypes = ["input_ids", "attention_mask", "token_type_ids"];
}
