using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SocialOps.Core.Common.Events;
using SocialOps.Web.Components.Layout;

namespace SocialOps.Tests.Components;

/// <summary>The layout's banner says when live updates are paused, and goes when they resume.</summary>
public sealed class LiveUpdatesBannerTests : BunitTest
{
    private readonly LiveUpdatesStatus _status = new(TimeProvider.System, NullLogger<LiveUpdatesStatus>.Instance);

    public LiveUpdatesBannerTests() => Services.AddSingleton(_status);

    [Fact]
    public void TheBannerShowsWhileLiveUpdatesArePausedAndOnlyThen()
    {
        var banner = Render<LiveUpdatesBanner>();
        Assert.Empty(banner.FindAll("[data-testid=live-updates-paused]"));

        _status.Pause("test");
        banner.WaitForAssertion(() => Assert.Contains("Live updates paused", banner.Find("[data-testid=live-updates-paused]").TextContent, StringComparison.Ordinal));

        _status.Resume();
        banner.WaitForAssertion(() => Assert.Empty(banner.FindAll("[data-testid=live-updates-paused]")));
    }

    [Fact]
    public void APageOpenedDuringAPauseShowsTheBannerAtOnce()
    {
        _status.Pause("test");

        var banner = Render<LiveUpdatesBanner>();

        Assert.NotEmpty(banner.FindAll("[data-testid=live-updates-paused]"));
    }
}
