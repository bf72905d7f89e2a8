using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics.Wall;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Analytics;

/// <summary>Every wall open in one zone is told of a change at the same moment; one read started after it serves them all.</summary>
public sealed class WallSharedReadTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    [Fact]
    public async Task WallsToldOfTheSameChangeShareOneReadAndALaterChangeGetsAFreshOne()
    {
        var queries = _app.Services.GetRequiredService<WallQueries>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var before = queries.Loads;

        var changed = TimeProvider.System.GetTimestamp();
        var walls = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => queries.LoadSharedAsync(zone, changed))));
        Assert.Equal(1, queries.Loads - before);
        Assert.All(walls, w => Assert.Same(walls[0], w));

        // A change after that read started needs a read of its own; a wall in another zone never shares one.
        var later = TimeProvider.System.GetTimestamp();
        var fresh = await queries.LoadSharedAsync(zone, later);
        Assert.NotSame(walls[0], fresh);
        Assert.Same(fresh, await queries.LoadSharedAsync(zone, later));
        await queries.LoadSharedAsync(TimeZoneInfo.Utc, changed);
        Assert.Equal(3, queries.Loads - before);
    }

    [Fact]
    public async Task AWallThatClosesWhileWaitingDoesNotCancelTheReadOthersWaitFor()
    {
        var queries = _app.Services.GetRequiredService<WallQueries>();
        var zone = TimeZoneInfo.Utc;
        var changed = TimeProvider.System.GetTimestamp();
        var before = queries.Loads;
        using var closing = new CancellationTokenSource();

        // The first wall's circuit closes while the read is on its way: its wait ends, the read goes on for the others.
        var first = queries.LoadSharedAsync(zone, changed, closing.Token);
        await closing.CancelAsync();
        try
        {
            await first;
        }
        catch (OperationCanceledException)
        {
            // Either way is right for the closed wall.
        }

        var data = await queries.LoadSharedAsync(zone, changed);
        Assert.True(data.At <= TimeProvider.System.GetUtcNow());
        Assert.Equal(1, queries.Loads - before);
    }

    public void Dispose() => _app.Dispose();
}
