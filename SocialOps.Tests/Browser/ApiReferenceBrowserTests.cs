using Microsoft.Playwright;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>The API reference works under the app's own Content-Security-Policy and loads nothing from elsewhere.</summary>
public sealed class ApiReferenceBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheApiReferenceLoadsCleanlyAndOffersTheTokenScheme()
    {
        await using var tab = await browser.NewPageAsync();
        var elsewhere = new List<string>();
        tab.Page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(browser.BaseAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };

        await tab.GotoInteractiveAsync("");
        await Assertions.Expect(tab.Page.GetByTestId("api-reference")).ToBeVisibleAsync();
        await tab.Page.GotoAsync("api-docs");
        await tab.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(tab.Page.GetByText("Version, database provider", new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await tab.ScreenshotAsync("api-reference");

        Assert.Empty(elsewhere);
        Assert.Empty(tab.Errors);
        Assert.Equal(0, await tab.Page.GetByText("Open API Client").CountAsync());
        Assert.False(await tab.Page.Locator("a[href*='scalar.com']").IsVisibleAsync(), "no vendor link");
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "SocialOps API" })).ToBeVisibleAsync();
        Assert.True(await tab.Page.GetByText("Bearer", new() { Exact = false }).CountAsync() > 0, "the token scheme is offered");
    }
}
