using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Common.Events;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Common;

/// <summary>The one bus: typed subscriptions whose throttle turns a burst into a few calls, on a clock the test drives.</summary>
public sealed class EventBusTests
{
    private sealed record Ping(int N, DateTimeOffset At) : IEvent;

    private sealed record Pong(int N, DateTimeOffset At) : IEvent;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LogCapture _logs = new();

    private EventBus NewBus() => new(_time, LoggerFactory.Create(b => b.AddProvider(_logs)).CreateLogger<EventBus>());

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    [Fact]
    public async Task TheFirstEventIsDeliveredAtOnceAndABurstAfterItInOneCallPerInterval()
    {
        var bus = NewBus();
        var calls = new List<int[]>();
        using var _ = bus.Subscribe<Ping>(batch =>
        {
            lock (calls)
            {
                calls.Add([.. batch.Select(p => p.N)]);
            }

            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(500));

        bus.Publish(new Ping(0, _time.GetUtcNow()));
        await Until(() => calls.Count == 1);
        for (var i = 1; i <= 499; i++)
        {
            bus.Publish(new Ping(i, _time.GetUtcNow()));
        }

        await Task.Delay(100);
        Assert.Single(calls); // the rest waits for the end of the interval
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await Until(() => calls.Count == 2);

        Assert.Equal([0], calls[0]);
        Assert.Equal(Enumerable.Range(1, 499), calls[1]);
    }

    [Fact]
    public async Task EverySubscriptionHearsAnEventAtTheInstantItArrivedWhenEverItsTurnComes()
    {
        var bus = NewBus();
        var heard = new List<(string Who, int[] Events, long Arrived)>();
        Func<IReadOnlyList<IEvent>, long, Task> Record(string who) => (batch, arrived) =>
        {
            lock (heard)
            {
                heard.Add((who, [.. batch.OfType<Ping>().Select(p => p.N)], arrived));
            }

            return Task.CompletedTask;
        };
        using var a = bus.Subscribe(Record("a"), TimeSpan.FromSeconds(1), typeof(Ping));
        using var b = bus.Subscribe(Record("b"), TimeSpan.FromSeconds(1), typeof(Ping), typeof(Pong));

        var first = _time.GetTimestamp();
        bus.Publish(new Ping(0, _time.GetUtcNow()));
        await Until(() => heard.Count == 2);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var second = _time.GetTimestamp();
        bus.Publish(new Ping(1, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMilliseconds(200));
        bus.Publish(new Pong(2, _time.GetUtcNow()));

        // Both wait out their throttle and run later, yet each is told when the newest event of its batch arrived.
        _time.Advance(TimeSpan.FromMilliseconds(700));
        await Until(() => heard.Count == 4);
        Assert.All(heard.Take(2), h => Assert.Equal(first, h.Arrived));
        var later = heard.Skip(2).ToDictionary(h => h.Who);
        Assert.Equal([1], later["a"].Events);
        Assert.Equal(second, later["a"].Arrived);
        Assert.Equal(second + (_time.TimestampFrequency / 5), later["b"].Arrived);
        Assert.True(later["a"].Arrived < _time.GetTimestamp());
    }

    [Fact]
    public async Task ACallIsNeverMadeWhileTheLastOneRunsAndEventsMeanwhileComeTogetherNext()
    {
        var bus = NewBus();
        var release = new TaskCompletionSource();
        var running = 0;
        var most = 0;
        var batches = new List<int>();
        using var _ = bus.Subscribe<Ping>(async batch =>
        {
            most = Math.Max(most, Interlocked.Increment(ref running));
            lock (batches)
            {
                batches.Add(batch.Count);
            }

            if (batches.Count == 1)
            {
                await release.Task;
            }

            Interlocked.Decrement(ref running);
        });

        bus.Publish(new Ping(1, _time.GetUtcNow()));
        await Until(() => batches.Count == 1);
        bus.Publish(new Ping(2, _time.GetUtcNow()));
        bus.Publish(new Ping(3, _time.GetUtcNow()));
        await Task.Delay(50);
        release.SetResult();
        await Until(() => batches.Count == 2);

        Assert.Equal([1, 2], batches);
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task AFailingSubscriberIsLoggedAndKeepsHearingWhileOthersHearEverything()
    {
        var bus = NewBus();
        var failing = 0;
        var healthy = 0;
        using var a = bus.Subscribe<Ping>(_ => Interlocked.Increment(ref failing) == 1 ? throw new InvalidOperationException("a closed circuit") : Task.CompletedTask);
        using var b = bus.Subscribe<Ping>(batch =>
        {
            Interlocked.Add(ref healthy, batch.Count);
            return Task.CompletedTask;
        });

        bus.Publish(new Ping(1, _time.GetUtcNow()));
        await Until(() => _logs.Lines.Any(l => l.Contains("a closed circuit", StringComparison.Ordinal)));
        bus.Publish(new Ping(2, _time.GetUtcNow()));

        await Until(() => failing == 2 && healthy == 2);
        Assert.Contains(_logs.Lines, l => l.Contains(nameof(Ping), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASubscriptionToSeveralTypesShareOneThrottleAndAFilterKeepsOnlyWhatItWants()
    {
        var bus = NewBus();
        var seen = new List<IEvent>();
        var evens = new List<int>();
        using var both = bus.Subscribe(batch =>
        {
            lock (seen)
            {
                seen.AddRange(batch);
            }

            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(1), typeof(Ping), typeof(Pong));
        using var filtered = bus.Subscribe<Ping>(batch =>
        {
            lock (evens)
            {
                evens.AddRange(batch.Select(p => p.N));
            }

            return Task.CompletedTask;
        }, filter: p => p.N % 2 == 0);

        bus.Publish(new Ping(1, _time.GetUtcNow()));
        bus.Publish(new Pong(2, _time.GetUtcNow()));
        bus.Publish(new Ping(4, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(1));

        await Until(() => seen.Count == 3 && evens.Count == 1);
        Assert.Equal([4], evens);
        Assert.Equal(2, bus.SubscriberCount<Ping>());
    }

    [Fact]
    public async Task ADisposedSubscriptionHearsNothingMore()
    {
        var bus = NewBus();
        var heard = 0;
        var subscription = bus.Subscribe<Ping>(_ =>
        {
            Interlocked.Increment(ref heard);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(1));
        bus.Publish(new Ping(1, _time.GetUtcNow()));
        await Until(() => heard == 1);
        bus.Publish(new Ping(2, _time.GetUtcNow()));

        subscription.Dispose();
        _time.Advance(TimeSpan.FromSeconds(2));
        bus.Publish(new Ping(3, _time.GetUtcNow()));
        await Task.Delay(100);

        Assert.Equal(1, heard);
        Assert.Equal(0, bus.SubscriberCount<Ping>());
    }

    [Fact]
    public async Task ALocalSubscriptionHearsWhatThisInstancePublishedButNotWhatOthersRelayed()
    {
        var bus = NewBus();
        var everything = new List<int>();
        var local = new List<int>();
        using var all = bus.Subscribe<Ping>(batch => Add(everything, batch));
        using var mine = bus.SubscribeLocal<Ping>(batch => Add(local, batch));

        bus.Publish(new Ping(1, _time.GetUtcNow()));
        bus.Deliver(new Ping(2, _time.GetUtcNow())); // as the relay hands over another instance's event
        bus.Publish(new Ping(3, _time.GetUtcNow()));
        await Until(() => Count(everything) == 3 && Count(local) == 2);
        await Task.Delay(100);

        Assert.Equal([1, 2, 3], Sorted(everything));
        Assert.Equal([1, 3], Sorted(local));

        static Task Add(List<int> heard, IReadOnlyList<Ping> batch)
        {
            lock (heard)
            {
                heard.AddRange(batch.Select(p => p.N));
            }

            return Task.CompletedTask;
        }

        static int Count(List<int> heard)
        {
            lock (heard)
            {
                return heard.Count;
            }
        }

        static int[] Sorted(List<int> heard)
        {
            lock (heard)
            {
                return [.. heard.Order()];
            }
        }
    }
}
