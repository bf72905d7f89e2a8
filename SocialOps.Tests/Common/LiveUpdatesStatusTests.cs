using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Common.Events;

namespace SocialOps.Tests.Common;

/// <summary>What pages do while live updates are paused: reload every 30 seconds, and once more when they resume.</summary>
public sealed class LiveUpdatesStatusTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WhilePausedPagesReloadEveryThirtySecondsAndOnceOnResumingThenNoMore()
    {
        using var status = new LiveUpdatesStatus(_time, NullLogger<LiveUpdatesStatus>.Instance);
        var reloads = 0;
        using var _ = status.OnRefresh(() =>
        {
            Interlocked.Increment(ref reloads);
            return Task.CompletedTask;
        });

        status.Pause("test");
        _time.Advance(TimeSpan.FromSeconds(29));
        await Settle();
        Assert.Equal(0, Volatile.Read(ref reloads));
        _time.Advance(TimeSpan.FromSeconds(1));
        await Until(() => Volatile.Read(ref reloads) == 1);
        _time.Advance(TimeSpan.FromSeconds(30));
        await Until(() => Volatile.Read(ref reloads) == 2);

        status.Resume();
        await Until(() => Volatile.Read(ref reloads) == 3);
        _time.Advance(TimeSpan.FromMinutes(5));
        await Settle();
        Assert.Equal(3, Volatile.Read(ref reloads));
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
    public async Task APageThatLeftIsNotReloaded()
    {
        using var status = new LiveUpdatesStatus(_time, NullLogger<LiveUpdatesStatus>.Instance);
        var reloads = 0;
        var registration = status.OnRefresh(() =>
        {
            Interlocked.Increment(ref reloads);
            return Task.CompletedTask;
        });

        registration.Dispose();
        status.Pause("test");
        _time.Advance(TimeSpan.FromSeconds(30));
        status.Resume();
        await Settle();

        Assert.Equal(0, Volatile.Read(ref reloads));
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
}
