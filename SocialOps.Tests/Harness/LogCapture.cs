using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SocialOps.Tests.Harness;

/// <summary>
/// Keeps every log line an app writes (message and exception), so tests can look for leaked secrets, and with each line
/// the trace it was written in, read from the logging scopes the way a scope-aware provider (the console's JSON
/// formatter, OpenTelemetry's) reads it.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<(string Category, string Message, string? TraceId)> _records = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Every line with the <c>TraceId</c> its scopes carried (null outside a trace).</summary>
    public IReadOnlyCollection<(string Category, string Message, string? TraceId)> Records => _records;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private string? TraceId()
    {
        string? traceId = null;
        _scopes?.ForEachScope((scope, _) =>
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key == "TraceId")
                    {
                        traceId = value?.ToString();
                    }
                }
            }
        }, (object?)null);
        return traceId;
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            owner._lines.Enqueue($"{logLevel} {category}: {message} {exception}");
            owner._records.Enqueue((category, message, owner.TraceId()));
        }
    }
}
