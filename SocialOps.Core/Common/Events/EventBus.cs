using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SocialOps.Core.Common.Events;

/// <summary>
/// The one bus of SocialOps: what changed (posts, comments, metrics, reviews) is published once, after it is committed,
/// and every live page or feature that cares subscribes to the events' types. Subscribers never hold up the publisher
/// or one another, and throttling lives in the subscription (<see cref="Subscribe{T}"/>): a burst of changes costs a
/// subscriber one call per interval, with all the events of that interval. With a <see cref="IEventRelay"/> (Redis, when
/// several instances share the database) every event also reaches the subscribers of the other instances.
/// </summary>
public sealed partial class EventBus
{
    private readonly ConcurrentDictionary<Type, Subscription[]> _subscriptions = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IEventRelay? _relay;

    public EventBus(TimeProvider time, ILogger<EventBus> logger, IEventRelay? relay = null, LiveUpdatesStatus? live = null)
    {
        (_time, _logger, _relay) = (time, logger, relay);
        if (live is not null)
        {
            live.Resync += at => Resync(new LiveUpdatesResync(at));
        }
    }

    /// <summary>Hands the event to every subscription of its type, here and on the other instances; returns at once.</summary>
    public void Publish(IEvent e)
    {
        Offer(e, local: true);
        _relay?.Send(e);
    }

    /// <summary>Hands the event to this instance's subscriptions only: for events another instance published.</summary>
    public void Deliver(IEvent e) => Offer(e, local: false);

    private void Offer(IEvent e, bool local)
    {
        if (_subscriptions.TryGetValue(e.GetType(), out var subscriptions))
        {
            // One instant for every subscription: pages told of the same event can share what they read because of it.
            var arrived = _time.GetTimestamp();
            foreach (var subscription in subscriptions)
            {
                if (local || !subscription.LocalOnly)
                {
                    subscription.Offer(e, arrived);
                }
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> with the events of type <typeparamref name="T"/> (those <paramref name="filter"/>
    /// keeps), at most once per <paramref name="throttle"/> and never twice at once: the first event after a quiet spell
    /// is delivered at once, the rest of a burst together at the end of each interval. Failures of the handler are logged.
    /// While live updates are paused (every 30 s) and once when they resume, the handler is also called with an empty
    /// batch (<see cref="LiveUpdatesResync"/>): events may have been missed, so read again what you show. Dispose the
    /// result to stop.
    /// </summary>
    public IDisposable Subscribe<T>(Func<IReadOnlyList<T>, Task> handler, TimeSpan throttle = default, Func<T, bool>? filter = null)
        where T : IEvent =>
        Add(new Subscription(this, [typeof(T)], e => e is LiveUpdatesResync || filter is null || filter((T)e), (batch, _) => handler([.. batch.OfType<T>()]), throttle));

    /// <summary>
    /// Like <see cref="Subscribe{T}"/>, but only with the events published on this instance, never those relayed from
    /// the others: for what each instance counts once (its metrics), where every instance hearing everything would
    /// count every event once per instance.
    /// </summary>
    public IDisposable SubscribeLocal<T>(Func<IReadOnlyList<T>, Task> handler) where T : IEvent =>
        Add(new Subscription(this, [typeof(T)], e => e is T, (batch, _) => handler([.. batch.OfType<T>()]), TimeSpan.Zero) { LocalOnly = true });

    /// <summary>One throttled subscription to several event types (a page that reloads on any of them reloads once).</summary>
    public IDisposable Subscribe(Func<IReadOnlyList<IEvent>, Task> handler, TimeSpan throttle, params Type[] types) =>
        Subscribe((batch, _) => handler(batch), throttle, types);

    /// <summary>
    /// Like <see cref="Subscribe(Func{IReadOnlyList{IEvent}, Task}, TimeSpan, Type[])"/>, and also tells the handler when
    /// the newest event of the batch reached this instance (a <see cref="TimeProvider.GetTimestamp"/> value). Every
    /// subscription hears an event at the same instant, so pages showing the same figures can share one read started
    /// after it, however many are open and whenever each one's turn comes.
    /// </summary>
    public IDisposable Subscribe(Func<IReadOnlyList<IEvent>, long, Task> handler, TimeSpan throttle, params Type[] types)
    {
        if (types.Length == 0 || types.Any(t => !typeof(IEvent).IsAssignableFrom(t)))
        {
            throw new ArgumentException("Name at least one event type.", nameof(types));
        }

        return Add(new Subscription(this, types, _ => true, handler, throttle));
    }

    /// <summary>Offers <paramref name="e"/> to every subscription of this instance, whatever types it listens to.</summary>
    private void Resync(LiveUpdatesResync e)
    {
        var arrived = _time.GetTimestamp();
        foreach (var subscription in _subscriptions.Values.SelectMany(s => s).Distinct())
        {
            subscription.Offer(e, arrived);
        }
    }

    /// <summary>How many subscriptions listen to <typeparamref name="T"/> (for tests and diagnostics).</summary>
    public int SubscriberCount<T>() where T : IEvent => _subscriptions.TryGetValue(typeof(T), out var s) ? s.Length : 0;

    private Subscription Add(Subscription subscription)
    {
        foreach (var type in subscription.Types)
        {
            _subscriptions.AddOrUpdate(type, _ => [subscription], (_, existing) => [.. existing, subscription]);
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        foreach (var type in subscription.Types)
        {
            _subscriptions.AddOrUpdate(type, _ => [], (_, existing) => [.. existing.Where(s => s != subscription)]);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber to {EventTypes} failed handling {Count} events")]
    private static partial void LogHandlerFailed(ILogger logger, string eventTypes, int count, Exception exception);

    /// <summary>One subscriber's queue and throttle: events wait here until the subscriber's next turn.</summary>
    private sealed class Subscription(
        EventBus bus, Type[] types, Func<IEvent, bool> accepts, Func<IReadOnlyList<IEvent>, long, Task> handler, TimeSpan throttle)
        : IDisposable
    {
        private readonly Lock _gate = new();
        private List<IEvent> _pending = [];
        private long _newestArrival;
        private bool _running;
        private bool _disposed;
        private ITimer? _timer;
        private long _lastStart = long.MinValue;

        public Type[] Types => types;

        public bool LocalOnly { get; init; }

        public void Offer(IEvent e, long arrived)
        {
            if (!accepts(e))
            {
                return;
            }

            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _pending.Add(e);
                _newestArrival = Math.Max(_newestArrival, arrived);
                ScheduleLocked();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _pending = [];
                _timer?.Dispose();
                _timer = null;
            }

            bus.Remove(this);
        }

        // Runs now when the last run started at least one interval ago, otherwise when the interval is over.
        private void ScheduleLocked()
        {
            if (_running || _timer is not null || _pending.Count == 0)
            {
                return;
            }

            var now = bus._time.GetTimestamp();
            var wait = _lastStart == long.MinValue ? TimeSpan.Zero : throttle - bus._time.GetElapsedTime(_lastStart, now);
            if (wait <= TimeSpan.Zero)
            {
                StartLocked(now);
            }
            else
            {
                _timer = bus._time.CreateTimer(_ => Due(), null, wait, Timeout.InfiniteTimeSpan);
            }
        }

        private void Due()
        {
            lock (_gate)
            {
                _timer?.Dispose();
                _timer = null;
                if (!_disposed && !_running && _pending.Count > 0)
                {
                    StartLocked(bus._time.GetTimestamp());
                }
            }
        }

        private void StartLocked(long now)
        {
            var batch = _pending;
            _pending = [];
            _running = true;
            _lastStart = now;
            var arrived = _newestArrival;
            _ = Task.Run(() => RunAsync(batch, arrived));
        }

        private async Task RunAsync(List<IEvent> batch, long arrived)
        {
            try
            {
                await handler(batch, arrived);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogHandlerFailed(bus._logger, string.Join(", ", types.Select(t => t.Name)), batch.Count, ex);
            }
            finally
            {
                lock (_gate)
                {
                    _running = false;
                    if (!_disposed)
                    {
                        ScheduleLocked();
                    }
                }
            }
        }
    }
}
