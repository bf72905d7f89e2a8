using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Inbox;

namespace SocialOps.Tests.Common;

/// <summary>
/// What subscribers get while live updates are paused: the bus calls every subscription every 30 seconds and once more
/// when they resume (typed ones with an empty batch, the others with <see cref="LiveUpdatesResync"/>), so no page keeps
/// a refresh of its own.
/// </summary>
public sealed class LiveUpdatesStatusTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WhilePausedEverySubscriptionIsCalledEveryThirtySecondsAndOnceOnResumingThenNoMore()
    {
        using var status = new LiveUpdatesStatus(_time, NullLogger<LiveUpdatesStatus>.Instance);
        var bus = new EventBus(_time, NullLogger<EventBus>.Instance, live: status);
        var typed = new List<int>();
        var untyped = new List<IEvent>();
        using var a = bus.Subscribe<PostStatusChanged>(batch =>
        {
            lock (typed)
            {
                typed.Add(batch.Count);
            }

            return Task.CompletedTask;
        });
        using var b = bus.Subscribe(batch =>
        {
            lock (untyped)
            {
                untyped.AddRange(batch);
            }

            return Task.CompletedTask;
        }, TimeSpan.Zero, typeof(InteractionsArrived));

        status.Pause("test");
        _time.Advance(TimeSpan.FromSeconds(29));
        await Settle();
        Assert.Empty(typed);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Until(() => Count(typed) == 1 && Count(untyped) == 1);
        _time.Advance(TimeSpan.FromSeconds(30));
        await Until(() => Count(typed) == 2 && Count(untyped) == 2);

        status.Resume();
        await Until(() => Count(typed) == 3 && Count(untyped) == 3);
        _time.Advance(TimeSpan.FromMinutes(5));
        await Settle();
        Assert.Equal([0, 0, 0], typed);
        Assert.Equal(3, untyped.Count);
        Assert.All(untyped, e => Assert.IsType<LiveUpdatesResync>(e));
    }

    [Fact]
    public void ChangesAreAnnouncedOnceEachAndAStartThatIsLiveAnnouncesNothing()
    {
        using var status = new LiveUpdatesStatus(_time, NullLogger<LiveUpdatesStatus>.Instance);
        var changes = new List<LiveUpdatesState>();
        status.Changed += changes.Add;

        status.Resume();
        status.Pause("first");
        status.Pause("second");
        status.Resume();
        status.Resume();

        Assert.Equal([LiveUpdatesState.Paused, LiveUpdatesState.Live], changes);
    }

    [Fact]
    public async Task ASubscriptionDisposedIsNotCalledAndResyncsStayOnThisInstance()
    {
        using var status = new LiveUpdatesStatus(_time, NullLogger<LiveUpdatesStatus>.Instance);
        var relay = new RecordingRelay();
        var bus = new EventBus(_time, NullLogger<EventBus>.Instance, relay, status);
        var calls = 0;
        var subscription = bus.Subscribe<PostStatusChanged>(_ =>
        {
            Interlocked.Increment(ref calls);
            return Task.CompletedTask;
        });

        subscription.Dispose();
        status.Pause("test");
        _time.Advance(TimeSpan.FromSeconds(30));
        status.Resume();
        await Settle();

        Assert.Equal(0, Volatile.Read(ref calls));
        Assert.Empty(relay.Sent);
    }

    private static int Count<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static Task Settle() => Task.Delay(100);

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private sealed class RecordingRelay : IEventRelay
    {
        public List<IEvent> Sent { get; } = [];

        public void Send(IEvent e) => Sent.Add(e);
    }
}
