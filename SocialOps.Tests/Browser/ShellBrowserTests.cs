using Microsoft.Playwright;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

public sealed class ShellBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Sections = ["Dashboard", "Calendar", "Posts", "Inbox", "Analytics", "Settings"];

    [Fact]
    public async Task DashboardLoadsWithNavigationDemoDataAndNoConsoleErrors()
    {
        await using var tab = await browser.NewPageAsync();

        await tab.GotoInteractiveAsync("/");

        Assert.Equal("Dashboard · SocialOps", await tab.Page.TitleAsync());
        Assert.Equal("SocialOps", await tab.Page.GetByTestId("product-name").InnerTextAsync());
        foreach (var section in Sections)
        {
            Assert.True(await tab.Page.GetByRole(AriaRole.Link, new() { Name = section, Exact = true }).IsVisibleAsync(), $"no '{section}' link");
        }

        await tab.Page.GetByTestId("kpis").WaitForAsync();
        Assert.True(await tab.Page.GetByTestId("demo-chip").IsVisibleAsync());
        Assert.True(await tab.Page.GetByTestId("platform-table").Locator("tbody tr").CountAsync() >= 4);
        await tab.ScreenshotAsync("dashboard-light");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task EverySectionOpensFromTheNavigationWithoutErrors()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/");

        foreach (var section in Sections.Skip(1).Append("Dashboard"))
        {
            await tab.Page.GetByRole(AriaRole.Link, new() { Name = section, Exact = true }).ClickAsync();
            await tab.Page.GetByRole(AriaRole.Heading, new() { Name = section, Exact = true }).WaitForAsync();
            Assert.Equal($"{section} · SocialOps", await tab.Page.TitleAsync());
            await tab.ScreenshotAsync($"section-{section.ToLowerInvariant()}");
        }

        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AnalyticsDrawsTheEngagementChart()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/analytics");

        var chart = tab.Page.GetByTestId("engagement-chart");
        await chart.Locator("svg.apexcharts-svg").WaitForAsync();
        Assert.True(await chart.Locator(".apexcharts-series path").CountAsync() > 0);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task ThemeToggleSwitchesBetweenLightAndDark()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/");
        var toggle = tab.Page.GetByTestId("theme-toggle");
        var light = await BackgroundAsync(tab.Page);

        await toggle.ClickAsync();
        await tab.Page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor !== '{light}'");
        await tab.ScreenshotAsync("dashboard-dark");
        var dark = await BackgroundAsync(tab.Page);

        Assert.NotEqual(light, dark);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task CommentMarkupIsShownAsTextInTheInbox()
    {
        await using var tab = await browser.NewPageAsync();
        var dialogs = 0;
        tab.Page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        await tab.GotoInteractiveAsync("/inbox");
        await tab.Page.GetByTestId("inbox-list").WaitForAsync();

        Assert.True(await tab.Page.GetByTestId("comment-text").CountAsync() > 0);
        Assert.Equal(0, await tab.Page.Locator("[data-testid=comment-text] script, [data-testid=comment-text] b").CountAsync());
        Assert.Equal(0, dialogs);
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
