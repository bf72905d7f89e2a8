using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

public sealed class SandboxFailuresBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnAdminArmsTheSandboxBesideTheConnectionsSeesWhatIsArmedOnAnyWidthAndDisarmsIt()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings?tab=connections");
        var control = tab.Page.GetByTestId("sandbox-failures");
        await Assertions.Expect(control.GetByTestId("sandbox-failures-state")).ToHaveTextAsync("Off");

        await control.GetByTestId("sandbox-failures-mode").ClickAsync();
        await tab.Page.GetByRole(AriaRole.Option, new() { Name = "Permanent: refused for good (400)" }).ClickAsync();
        await control.Locator("input[data-testid=sandbox-failures-count], [data-testid=sandbox-failures-count] input").FillAsync("2");
        await control.GetByTestId("sandbox-failures-arm").ClickAsync();

        await Assertions.Expect(control.GetByTestId("sandbox-failures-state")).ToHaveTextAsync("Armed · permanent · 2 left");
        await Assertions.Expect(control.GetByTestId("sandbox-failures-summary")).ToContainTextAsync("fail as permanent: refused for good (400)");
        var armed = await browser.App.Services.GetRequiredService<SandboxFailures>().CurrentAsync();
        Assert.Equal((SandboxFailureMode.Permanent, 2), (armed.Mode, armed.Remaining));
        await tab.ScreenshotAsync("sandbox-failures-settings");
        await control.ScreenshotAsync(new() { Path = Path.Combine(TestEnvironment.ArtifactsDirectory, "screenshots", "sandbox-failures-control.png") });

        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.GotoInteractiveAsync("/settings?tab=connections"); // laid out afresh at phone width
        await Assertions.Expect(tab.Page.GetByTestId("sandbox-failures-state")).ToHaveTextAsync("Armed · permanent · 2 left");
        await tab.ScreenshotAsync("sandbox-failures-settings-phone");
        await tab.Page.GetByTestId("sandbox-failures").ScreenshotAsync(new() { Path = Path.Combine(TestEnvironment.ArtifactsDirectory, "screenshots", "sandbox-failures-control-phone.png") });
        Assert.True(await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the page must not scroll sideways on a phone");
        await tab.Page.SetViewportSizeAsync(1440, 900);

        // Editors meet the same control under the posts list.
        await tab.GotoInteractiveAsync("/posts");
        var onPosts = tab.Page.GetByTestId("sandbox-failures");
        await Assertions.Expect(onPosts.GetByTestId("sandbox-failures-state")).ToHaveTextAsync("Armed · permanent · 2 left");
        await tab.ScreenshotAsync("sandbox-failures-posts");
        await onPosts.GetByTestId("sandbox-failures-disarm").ClickAsync();

        await Assertions.Expect(onPosts.GetByTestId("sandbox-failures-state")).ToHaveTextAsync("Off");
        Assert.False((await browser.App.Services.GetRequiredService<SandboxFailures>().CurrentAsync()).IsArmed);
        Assert.Empty(tab.Errors);
    }
}
