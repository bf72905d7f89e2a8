using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SocialOps.Core.Common.Events;

/// <summary>Carries what this instance publishes to the others; events from elsewhere arrive through the bus's <see cref="EventBus.Deliver"/>.</summary>
public interface IEventRelay
{
    /// <summary>Sends the event on, or drops it; never throws and never waits for the network.</summary>
    void Send(IEvent e);
}

/// <summary>
/// The bus across instances: every event published here goes to one Redis pub/sub channel as a small envelope (this
/// instance's id, a sequence number, the event's name and the event), and every envelope from another instance is
/// delivered to this instance's subscriptions once, in its publisher's order. While Redis is unreachable nothing is
/// queued or replayed, publishing carries on locally, and <see cref="LiveUpdatesStatus"/> says live updates are paused;
/// the connection comes back by itself.
/// </summary>
public sealed partial class RedisEventRelay(IOptions<RedisOptions> options, EventTypes types, LiveUpdatesStatus status, ILogger<RedisEventRelay> logger)
    : IEventRelay, IAsyncDisposable
{
    private readonly Lock _sendGate = new();
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private readonly ConcurrentDictionary<string, long> _lastSequence = new(StringComparer.Ordinal);
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.Channel);
    private ConnectionMultiplexer? _redis;
    private ChannelMessageQueue? _queue;
    private Action<IEvent>? _deliver;
    private long _sequence;
    private int _disposed;

    /// <summary>This process among the instances; its own envelopes are recognised by it and skipped.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The connection, once started (health checks ping through it).</summary>
    public IConnectionMultiplexer? Connection => _redis;

    /// <summary>
    /// Connects and subscribes, handing events from other instances to <paramref name="deliver"/>. A Redis that cannot
    /// be reached does not stop the start: live updates begin paused and resume when it answers.
    /// </summary>
    public async Task StartAsync(Action<IEvent> deliver, CancellationToken ct = default)
    {
        _deliver = deliver;
        var config = ConfigurationOptions.Parse(options.Value.Connection!);
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast; // nothing sent while disconnected is kept for later
        config.ReconnectRetryPolicy = new LinearRetry(1000); // back within about a second of Redis, however long it was away
        config.ClientName ??= InstanceId;
        _redis = await ConnectionMultiplexer.ConnectAsync(config).WaitAsync(ct);
        _redis.ConnectionFailed += (_, e) =>
        {
            if (Volatile.Read(ref _disposed) == 0) // closing the connection on shutdown is no outage
            {
                status.Pause($"Redis connection lost ({e.FailureType})");
            }
        };
        _redis.ConnectionRestored += (_, _) => _ = ConnectedAsync();
        if (!await ConnectedAsync())
        {
            status.Pause("Redis cannot be reached");
        }
    }

    public void Send(IEvent e)
    {
        var redis = _redis;
        if (redis is null || !redis.IsConnected)
        {
            return; // events of an outage are not replayed, so they are not kept either
        }

        try
        {
            lock (_sendGate)
            {
                // The number and the write happen together, so the channel carries this instance's events in sequence order.
                if (EventEnvelope.Write(types, InstanceId, _sequence + 1, e) is not { } bytes)
                {
                    return;
                }

                _sequence++;
                redis.GetSubscriber().Publish(_channel, bytes, CommandFlags.FireAndForget);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSendFailed(logger, e.GetType().Name, ex);
        }
    }

    /// <summary>Ends the subscription and the connection; the host stops it, and the container's own disposal then does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_queue is { } queue)
        {
            try
            {
                await queue.UnsubscribeAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis is gone: there is no subscription left to end.
            }
        }

        if (_redis is { } redis)
        {
            await redis.DisposeAsync();
        }

        _subscribing.Dispose();
    }

    private void Receive(ChannelMessage message)
    {
        EventEnvelope envelope;
        IEvent e;
        try
        {
            (envelope, e) = EventEnvelope.Read(types, (byte[])message.Message!);
        }
        catch (JsonException ex)
        {
            LogUnreadable(logger, ex.Message);
            return;
        }

        if (envelope.Instance == InstanceId)
        {
            return;
        }

        // Never the same envelope twice, never an older one after a newer.
        var last = _lastSequence.GetOrAdd(envelope.Instance, 0);
        if (envelope.Sequence <= last)
        {
            return;
        }

        _lastSequence[envelope.Instance] = envelope.Sequence;
        try
        {
            _deliver?.Invoke(e);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The next envelope must still be read: one subscriber's failure stops no delivery.
            LogDeliveryFailed(logger, envelope.Type, ex);
        }
    }

    // Subscribes once (a subscription made lives through reconnections), then says live updates flow.
    private async Task<bool> ConnectedAsync()
    {
        if (Volatile.Read(ref _disposed) == 1 || _redis?.IsConnected != true)
        {
            return false;
        }

        await _subscribing.WaitAsync();
        try
        {
            if (_queue is null)
            {
                var queue = await _redis.GetSubscriber().SubscribeAsync(_channel);
                queue.OnMessage(Receive); // one message at a time, in the order Redis sent them
                _queue = queue;
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSubscribeFailed(logger, ex);
            return false;
        }
        finally
        {
            _subscribing.Release();
        }

        status.Resume();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to Redis now; the subscription is made when it answers")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send {EventType} to other instances")]
    private static partial void LogSendFailed(ILogger logger, string eventType, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering {EventType} from another instance failed")]
    private static partial void LogDeliveryFailed(ILogger logger, string eventType, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an event from another instance that this one cannot read: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string problem);
}

/// <summary>Starts the relay with the host, delivering what other instances publish to this instance's bus.</summary>
internal sealed class RedisEventRelayHost(RedisEventRelay relay, EventBus bus) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => relay.StartAsync(bus.Deliver, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => relay.DisposeAsync().AsTask();
}
