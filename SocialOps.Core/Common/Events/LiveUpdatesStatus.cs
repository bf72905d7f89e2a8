using Microsoft.Extensions.Logging;

namespace SocialOps.Core.Common.Events;

public enum LiveUpdatesState
{
    Live,
    Paused,
}

/// <summary>
/// Whether events from other instances reach this one. While they do not (Redis unreachable), pages say so and reload
/// their data every <see cref="PollInterval"/> (<see cref="OnRefresh"/>); once they do again, pages reload once and
/// live updates carry on. Events published during the pause are not replayed. Only the transport changes the state.
/// </summary>
public sealed partial class LiveUpdatesStatus(TimeProvider time, ILogger<LiveUpdatesStatus> logger) : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private Registration[] _reloads = [];
    private ITimer? _poll;

    public LiveUpdatesState State { get; private set; } = LiveUpdatesState.Live;

    public bool IsPaused => State == LiveUpdatesState.Paused;

    /// <summary>Raised after the state changed, off any circuit's thread.</summary>
    public event Action<LiveUpdatesState>? Changed;

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

    /// <summary>Calls <paramref name="reload"/> every <see cref="PollInterval"/> while paused, and once on resuming. Dispose to stop.</summary>
    public IDisposable OnRefresh(Func<Task> reload)
    {
        var registration = new Registration(this, reload);
        lock (_gate)
        {
            _reloads = [.. _reloads, registration];
        }

        return registration;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _poll?.Dispose();
            _poll = null;
        }
    }

    private void Reload()
    {
        // Each page on its own: one slow or failing reload holds up no other.
        foreach (var registration in _reloads)
        {
            var reload = registration.Reload;
            _ = Task.Run(async () =>
            {
                try
                {
                    await reload();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogReloadFailed(logger, ex);
                }
            });
        }
    }

    private void Remove(Registration registration)
    {
        lock (_gate)
        {
            _reloads = [.. _reloads.Where(r => r != registration)];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates paused: {Reason}; pages reload every 30 seconds until they resume")]
    private static partial void LogPaused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live updates resumed")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "A page failed to reload while live updates were paused")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    private sealed class Registration(LiveUpdatesStatus status, Func<Task> reload) : IDisposable
    {
        public Func<Task> Reload => reload;

        public void Dispose() => status.Remove(this);
    }
}
