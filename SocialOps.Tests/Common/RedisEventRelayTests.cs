using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialOps.Core.Common.Events;
using SocialOps.Tests.Harness;
using StackExchange.Redis;

namespace SocialOps.Tests.Common;

/// <summary>Buses of separate instances joined through a real redis-server: once, in order, and calm when Redis goes away.</summary>
public sealed class RedisEventRelayTests : IAsyncLifetime
{
    public sealed record Ping(int N, DateTimeOffset At) : IEvent;

    public sealed record Pong(string Text, DateTimeOffset At) : IEvent;

    private static readonly EventTypes Types = new([new EventType(typeof(Ping)), new EventType(typeof(Pong))]);

    private readonly RedisServer _redis = new();
    private readonly List<Instance> _instances = [];
    private readonly LogCapture _logs = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.Relay.DisposeAsync();
            instance.Status.Dispose();
        }

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task AThousandEventsFromOneInstanceReachTheOtherOnceAndInOrderAndNeverComeBackToTheirPublisher()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var atA = a.Collect<Ping>();
        var atB = b.Collect<Ping>();
        var pongsAtA = a.Collect<Pong>();
        var pongsAtB = b.Collect<Pong>();

        for (var n = 1; n <= 1000; n++)
        {
            a.Bus.Publish(new Ping(n, TimeProvider.System.GetUtcNow()));
        }

        await Until(() => atB.Count >= 1000, "B received the thousand pings");
        // A's own pings went round Redis before B's answer: once the answer is in, any echo of them would be too.
        b.Bus.Publish(new Pong("all in", TimeProvider.System.GetUtcNow()));
        await Until(() => pongsAtA.Count >= 1, "A received B's answer");
        await Task.Delay(200);

        Assert.Equal(Enumerable.Range(1, 1000), atB.Snapshot().Select(p => p.N));
        Assert.Equal(Enumerable.Range(1, 1000), atA.Snapshot().Select(p => p.N));
        Assert.Single(pongsAtA.Snapshot());
        Assert.Single(pongsAtB.Snapshot());
    }

    [Fact]
    public async Task TwoPublishersAtOnceEachArriveInTheirOwnOrder()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var c = await StartAsync();
        var atC = c.Collect<Ping>();

        await Task.WhenAll(
            Task.Run(() => Publish(a, 0)),
            Task.Run(() => Publish(b, 10_000)));
        await Until(() => atC.Count >= 1000, "C received both publishers' pings");

        var received = atC.Snapshot().Select(p => p.N).ToList();
        Assert.Equal(Enumerable.Range(0, 500), received.Where(n => n < 10_000));
        Assert.Equal(Enumerable.Range(10_000, 500), received.Where(n => n >= 10_000));

        static void Publish(Instance instance, int from)
        {
            for (var n = from; n < from + 500; n++)
            {
                instance.Bus.Publish(new Ping(n, TimeProvider.System.GetUtcNow()));
            }
        }
    }

    [Fact]
    public async Task WithRedisStoppedPublishingCarriesOnLocallyAndLiveUpdatesPauseThenResumeWhenItIsBack()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var localAtA = a.Collect<Ping>();
        var atB = b.Collect<Ping>();
        Assert.False(a.Status.IsPaused);

        await _redis.StopAsync();
        await Until(() => a.Status.IsPaused && b.Status.IsPaused, "both instances noticed Redis is gone");
        var outage = Record.Exception(() => a.Bus.Publish(new Ping(-1, TimeProvider.System.GetUtcNow())));
        Assert.Null(outage);
        await Until(() => localAtA.Count == 1, "A's own subscriber received the event published during the outage");

        await _redis.StartAsync();
        await Until(() => !a.Status.IsPaused && !b.Status.IsPaused, "both instances noticed Redis is back", TimeSpan.FromSeconds(30));
        // The subscription may follow the connection by a moment: publish until one arrives.
        for (var n = 1; atB.Count == 0 && n <= 100; n++)
        {
            a.Bus.Publish(new Ping(n, TimeProvider.System.GetUtcNow()));
            await Task.Delay(100);
        }

        var received = atB.Snapshot();
        Assert.NotEmpty(received);
        Assert.DoesNotContain(received, p => p.N == -1); // what happened during the outage is not replayed
    }

    [Fact]
    public async Task AnInstanceStartedWhileRedisIsDownServesPausedAndGoesLiveWhenRedisStarts()
    {
        await _redis.StopAsync();

        var a = await StartAsync();
        Assert.True(a.Status.IsPaused);
        a.Bus.Publish(new Ping(1, TimeProvider.System.GetUtcNow()));

        await _redis.StartAsync();
        await Until(() => !a.Status.IsPaused, "the instance went live", TimeSpan.FromSeconds(30));
        var b = await StartAsync();
        var atA = a.Collect<Ping>();
        for (var n = 2; atA.Count == 0 && n <= 100; n++)
        {
            b.Bus.Publish(new Ping(n, TimeProvider.System.GetUtcNow()));
            await Task.Delay(100);
        }

        Assert.NotEmpty(atA.Snapshot());
    }

    [Fact]
    public async Task AMessageThatIsNotAnEventOnTheListIsSkippedAndTheNextOneStillArrives()
    {
        var a = await StartAsync();
        var atA = a.Collect<Ping>();
        await using var raw = await ConnectionMultiplexer.ConnectAsync(_redis.Connection);
        var channel = RedisChannel.Literal(new RedisOptions().Channel);

        await raw.GetSubscriber().PublishAsync(channel, "not json at all");
        await raw.GetSubscriber().PublishAsync(channel, """{"instance":"elsewhere","sequence":1,"type":"DropDatabase","payload":{}}""");
        await raw.GetSubscriber().PublishAsync(channel, """{"instance":"elsewhere","sequence":2,"type":"Ping","payload":{"n":7,"at":"2027-01-01T00:00:00+00:00"}}""");
        await Until(() => atA.Count == 1, "the valid ping arrived");

        Assert.Equal(7, Assert.Single(atA.Snapshot()).N);
        Assert.Equal(2, _logs.Lines.Count(l => l.Contains("cannot read", StringComparison.Ordinal)));
    }

    private async Task<Instance> StartAsync()
    {
        var logging = LoggerFactory.Create(b => b.AddProvider(_logs));
        var status = new LiveUpdatesStatus(TimeProvider.System, logging.CreateLogger<LiveUpdatesStatus>());
        var relay = new RedisEventRelay(Options.Create(new RedisOptions { Connection = _redis.Connection }), Types, status, logging.CreateLogger<RedisEventRelay>());
        var bus = new EventBus(TimeProvider.System, logging.CreateLogger<EventBus>(), relay);
        await relay.StartAsync(bus.Deliver);
        var instance = new Instance(bus, relay, status);
        _instances.Add(instance);
        return instance;
    }

    private static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(20)))
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), $"Timed out waiting until {what}.");
    }

    private sealed record Instance(EventBus Bus, RedisEventRelay Relay, LiveUpdatesStatus Status)
    {
        public Received<T> Collect<T>() where T : IEvent
        {
            var received = new Received<T>();
            Bus.Subscribe<T>(batch =>
            {
                received.Add(batch);
                return Task.CompletedTask;
            });
            return received;
        }
    }

    private sealed class Received<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public void Add(IEnumerable<T> batch)
        {
            lock (_items)
            {
                _items.AddRange(batch);
            }
        }

        public List<T> Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }
}
