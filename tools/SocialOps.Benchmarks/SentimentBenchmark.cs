using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Benchmarks;

/// <summary>Speed of the engine: single-text latency, batches of 100, a burst, engine overhead, and a DistilBERT-sized graph.</summary>
internal sealed class SentimentBenchmark(string[] texts, string modelPath, TextWriter output)
{
    private readonly List<string> _summary = [];

    public async Task RunAsync(bool includeDistilBert)
    {
        await output.WriteLineAsync($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
        var models = modelPath.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var options = new SentimentOptions { ModelPath = models[0] };
        await output.WriteLineAsync($"engine options: MaxBatchSize {options.MaxBatchSize}, MaxWaitMilliseconds {options.MaxWaitMilliseconds}, IntraOpThreads {options.IntraOpThreads} (0 = ONNX Runtime default)");
        foreach (var model in models)
        {
            using var engine = Engine(new SentimentOptions { ModelPath = model });
            if (engine.Status.Engine != "onnx")
            {
                await output.WriteLineAsync($"{model}: not loaded: {engine.Status.Reason}");
                continue;
            }

            await output.WriteLineAsync($"model {model} ({new FileInfo(Path.Combine(SentimentEngine.ResolveModelPath(model), "model.onnx")).Length / 1e6:F1} MB):");
            var (single, p95, batch) = await LatencyAndBatchAsync(engine.Scorer, singles: 300, batches: 30);
            await BurstAsync(engine.Scorer);
            var overhead = await OverheadAsync((OnnxSentimentScorer)engine.Scorer, options, model, passes: batch > 100 ? 3 : 7);
            _summary.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"| {model} | {single:F2} ms (p95 {p95:F2}) | {batch:F1} ms | {overhead:F1}% |"));
        }

        using (var rules = new LexiconSentimentScorer())
        {
            await output.WriteLineAsync("rule-based fallback:");
            var (single, p95, batch) = await LatencyAndBatchAsync(rules, singles: 300, batches: 30);
            _summary.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"| rule-based fallback | {single:F2} ms (p95 {p95:F2}) | {batch:F1} ms | – |"));
        }

        using (var waiting = Engine(new SentimentOptions { ModelPath = models[0], MaxWaitMilliseconds = 2 }))
        {
            await output.WriteLineAsync($"{models[0]} with MaxWaitMilliseconds 2 (a coalescing wait after idle spells):");
            await LatencyAndBatchAsync(waiting.Scorer, singles: 300, batches: 30);
            await BurstAsync(waiting.Scorer);
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("| engine | single text p50 | batch of 100 (median) | overhead over InferenceSession.Run |");
        await output.WriteLineAsync("| --- | --- | --- | --- |");
        foreach (var line in _summary)
        {
            await output.WriteLineAsync(line);
        }

        if (includeDistilBert)
        {
            await DistilBertAsync(options);
        }
    }

    private async Task<(double Single, double P95, double Batch)> LatencyAndBatchAsync(ISentimentScorer scorer, int singles, int batches)
    {
        await scorer.ScoreAsync(texts[..100], CancellationToken.None);
        var single = new List<double>();
        for (var i = 0; i < singles; i++)
        {
            var sw = Stopwatch.StartNew();
            await scorer.ScoreAsync([texts[i % texts.Length]], CancellationToken.None);
            single.Add(sw.Elapsed.TotalMilliseconds);
        }

        var batch = new List<double>();
        for (var i = 0; i < batches; i++)
        {
            var start = (i * 100) % (texts.Length - 100);
            var sw = Stopwatch.StartNew();
            await scorer.ScoreAsync(texts[start..(start + 100)], CancellationToken.None);
            batch.Add(sw.Elapsed.TotalMilliseconds);
        }

        await output.WriteLineAsync($"  single text: p50 {Median(single):F2} ms, p95 {Percentile(single, 0.95):F2} ms ({singles} runs, one at a time)");
        await output.WriteLineAsync($"  batch of 100: median {Median(batch):F1} ms ({batches} runs)");
        return (Median(single), Percentile(single, 0.95), Median(batch));
    }

    private async Task BurstAsync(ISentimentScorer scorer)
    {
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(texts.Select(t => scorer.ScoreAsync([t], CancellationToken.None)));
        var seconds = sw.Elapsed.TotalSeconds;
        await output.WriteLineAsync($"  burst: {texts.Length} concurrent single-text requests in {seconds * 1000:F0} ms ({texts.Length / seconds:F0} texts/s)");
    }

    // The same pre-tokenized 100-text batches through the engine and through a bare InferenceSession.Run
    // (same session options, same length-sorted batches of MaxBatchSize, same padding).
    private async Task<double> OverheadAsync(OnnxSentimentScorer scorer, SentimentOptions options, string model, int passes)
    {
        var groups = texts.Chunk(100).Where(c => c.Length == 100).Select(c => c.Select(t => scorer.Tokenizer.Encode(ModelText.Prepare(t))).ToArray()).ToArray();
        using var so = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = options.IntraOpThreads };
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        using var session = new InferenceSession(Path.Combine(SentimentEngine.ResolveModelPath(model), "model.onnx"), so);
        var raw = new List<double>();
        var engine = new List<double>();
        for (var rep = 0; rep < passes; rep++)
        {
            var sw = Stopwatch.StartNew();
            foreach (var g in groups)
            {
                RawRun(session, g, options.MaxBatchSize, scorer.Tokenizer.PadId);
            }

            raw.Add(groups.Length * 100 / sw.Elapsed.TotalSeconds);
            sw.Restart();
            foreach (var g in groups)
            {
                await scorer.ScoreTokenizedAsync(g, CancellationToken.None);
            }

            engine.Add(groups.Length * 100 / sw.Elapsed.TotalSeconds);
        }

        var (r, e) = (Median(raw), Median(engine));
        await output.WriteLineAsync($"  overhead on pre-tokenized batches of 100: raw InferenceSession.Run {r:F0} texts/s, engine {e:F0} texts/s, overhead {(r / e - 1) * 100:F1}% (median of {passes} passes over {groups.Length * 100} texts)");
        return (r / e - 1) * 100;
    }

    private static void RawRun(InferenceSession session, int[][] group, int maxBatch, int padId)
    {
        foreach (var chunk in group.OrderByDescending(x => x.Length).Chunk(maxBatch))
        {
            var width = chunk.Max(c => c.Length);
            var ids = new long[chunk.Length * width];
            var mask = new long[chunk.Length * width];
            for (var r = 0; r < chunk.Length; r++)
            {
                for (var t = 0; t < width; t++)
                {
                    ids[(r * width) + t] = t < chunk[r].Length ? chunk[r][t] : padId;
                    mask[(r * width) + t] = t < chunk[r].Length ? 1 : 0;
                }
            }

            long[] shape = [chunk.Length, width];
            using var a = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var b = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var runOptions = new RunOptions();
            if (session.InputMetadata.ContainsKey("token_type_ids"))
            {
                using var c = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
                using var withTypes = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [a, b, c], ["logits"]);
                continue;
            }

            using var outputs = session.Run(runOptions, ["input_ids", "attention_mask"], [a, b], ["logits"]);
        }
    }

    private async Task DistilBertAsync(SentimentOptions defaults)
    {
        var dir = Directory.CreateTempSubdirectory("socialops-distilbert-").FullName;
        try
        {
            var sw = Stopwatch.StartNew();
            await File.WriteAllBytesAsync(Path.Combine(dir, "model.onnx"), DistilBertGraph.Build(seed: 1));
            File.Copy(Path.Combine(SentimentEngine.ResolveModelPath(defaults.ModelPath!), "vocab.txt"), Path.Combine(dir, "vocab.txt"));
            await File.WriteAllTextAsync(Path.Combine(dir, "config.json"), """{ "id2label": { "0": "NEGATIVE", "1": "POSITIVE" }, "max_position_embeddings": 512 }""");
            await output.WriteLineAsync($"DistilBERT-sized random graph (6 layers, 768 hidden, 12 heads, vocab 30,522; built in {sw.Elapsed.TotalSeconds:F1} s, {new FileInfo(Path.Combine(dir, "model.onnx")).Length / 1_000_000} MB, deleted afterwards):");
            using var engine = Engine(new SentimentOptions { ModelPath = dir, MaxBatchSize = defaults.MaxBatchSize });
            if (engine.Status.Engine != "onnx")
            {
                await output.WriteLineAsync($"  not loaded: {engine.Status.Reason}");
                return;
            }

            await LatencyAndBatchAsync(engine.Scorer, singles: 30, batches: 5);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static SentimentEngine Engine(SentimentOptions options) => new(Options.Create(options), NullLogger<SentimentEngine>.Instance);

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}
