using Microsoft.Extensions.Logging;

namespace SocialOps.Core.Sentiment.Engine;

/// <summary>Which engine answers and why: "onnx" with the model directory, or "rules" with the reason.</summary>
public sealed record EngineStatus(string Engine, string ModelVersion, string? ModelPath, string Reason);

/// <summary>
/// Owns the one scorer for the app. The model is loaded on first use (or by the start-up warm-up); a missing or
/// broken model directory is logged once and the rule-based engine takes over, so analysis never stops.
/// </summary>
public sealed partial class SentimentEngine : IDisposable
{
    private readonly Lazy<(ISentimentScorer Scorer, EngineStatus Status)> _engine;

    // No TimeProvider on purpose: the micro-batch wait is a few real milliseconds of throughput tuning, and a frozen
    // test clock (FakeTimeProvider) must not stall every analysis in the app.
    public SentimentEngine(IOptions<SentimentOptions> options, ILogger<SentimentEngine> logger) =>
        _engine = new(() => Load(options.Value, logger), LazyThreadSafetyMode.ExecutionAndPublication);

    public ISentimentScorer Scorer => _engine.Value.Scorer;

    public EngineStatus Status => _engine.Value.Status;

    public void Dispose()
    {
        if (_engine.IsValueCreated)
        {
            _engine.Value.Scorer.Dispose();
        }
    }

    /// <summary>A relative model path is looked up beside the app first (the build copies models/ there), then under the working directory.</summary>
    public static string ResolveModelPath(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        var besideApp = Path.Combine(AppContext.BaseDirectory, path);
        return Directory.Exists(besideApp) ? besideApp : Path.GetFullPath(path);
    }

    private static (ISentimentScorer, EngineStatus) Load(SentimentOptions options, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            const string reason = "no model configured (Sentiment:ModelPath is empty)";
            LogFallback(logger, reason);
            return (new LexiconSentimentScorer(), Rules(reason));
        }

        var directory = ResolveModelPath(options.ModelPath);
        OnnxSentimentScorer? scorer = null;
        try
        {
            if (!Directory.Exists(directory))
            {
                throw new ModelLoadException($"the model directory {options.ModelPath} does not exist");
            }

            scorer = OnnxSentimentScorer.Load(directory, options, TimeProvider.System);
            // Stored with every result, so an analysis can be traced to the exact model file that made it.
            using var file = File.OpenRead(Path.Combine(directory, "model.onnx"));
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file))[..12];
            var version = $"onnx:{Path.GetFileName(Path.TrimEndingDirectorySeparator(directory))}@{hash}";
            LogLoaded(logger, options.ModelPath);
            return (scorer, new EngineStatus("onnx", version, options.ModelPath, "model loaded"));
        }
#pragma warning disable CA1031 // Whatever goes wrong with the files (IO, format, runtime), the app must keep analysing with the rules.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            scorer?.Dispose();
            var why = ex is ModelLoadException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            var reason = OneLine($"model at {options.ModelPath} not usable: {why}");
            LogFallback(logger, reason);
            return (new LexiconSentimentScorer(), Rules(reason));
        }
    }

    // Runtime messages can span lines (ONNX Runtime's do): the log line and the health reason stay one line.
    private static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 500 ? line : line[..500] + "…";
    }

    private static EngineStatus Rules(string reason) => new("rules", "rules:1", null, reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sentiment engine: ONNX model from {ModelPath}")]
    private static partial void LogLoaded(ILogger logger, string modelPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sentiment engine: rule-based fallback, because {Reason}")]
    private static partial void LogFallback(ILogger logger, string reason);
}
