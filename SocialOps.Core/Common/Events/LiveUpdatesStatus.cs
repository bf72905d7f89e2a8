using Microsoft.Extensions.Logging;

namespace SocialOps.Core.Common.Events;

public enum LiveUpdatesState
{
    Live,
    Paused,
}

/// <summary>
/// Whether events from other instances reach this one. While they do not (Redis unreachable), pages say so and reload
/// their data every <see cref="PollInterval"/>; once they do again, pages reload once and live updates carry on. Events
/// published during the pause are not replayed. Only the transport changes the state; the <see cref="EventBus"/> turns
/// each <see cref="Resync"/> into a <see cref="LiveUpdatesResync"/> for every subscription.
/// </summary>
public sealed partial class LiveUpdatesStatus(TimeProvider time, ILogger<LiveUpdatesStatus> logger) : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private ITimer? _poll;

    public LiveUpdatesState State { get; private set; } = LiveUpdatesState.Live;

    public bool IsPaused => State == LiveUpdatesState.Paused;

    /// <summary>Raised after the state changed, off any circuit's thread.</summary>
    public event Action<LiveUpdatesState>? Changed;

    /// <summary>Raised every <see cref="PollInterval"/> while paused, and once on resuming: whatever is shown may be out of date.</summary>
    public event Action<DateTimeOffset>? Resync;

    /// <summary>Events from other instances stopped arriving.</summary>
    public void Pause(string reason)
    {
        lock (_gate)
        {
            if (State == LiveUpdatesState.Paused)
            {
                return;
            }

            State = LiveUpdatesState.Paused;
            _poll = time.CreateTimer(_ => Reload(), null, PollInterval, PollInterval);
        }

        LogPaused(logger, reason);
        Changed?.Invoke(LiveUpdatesState.Paused);
    }

    /// <summary>Events from other instances arrive again: pages reload once to catch up on what they missed.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            if (State == LiveUpdatesState.Live)
            {
                return;
            }

            State = LiveUpdatesState.Live;
            _poll?.Dispose();
            _poll = null;
        }

        LogResumed(logger);
        Changed?.Invoke(LiveUpdatesState.Live);
        Reload();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _poll?.Dispose();
            _poll = null;
        }
    }

    private void Reload() => Resync?.Invoke(time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates paused: {Reason}; pages reload every 30 seconds until they resume")]
    private static partial void LogPaused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live updates resumed")]
    private static partial void LogResumed(ILogger logger);
}
