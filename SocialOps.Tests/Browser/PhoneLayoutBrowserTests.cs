using Microsoft.Playwright;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>The pages a marketer opens on a phone (390 × 844) are laid out for it: nothing overlaps, the work is on the first screen.</summary>
public sealed class PhoneLayoutBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    // How many of the matched elements are drawn, and how many pairs of them overlap.
    private const string Overlaps = """
        selector => {
          const boxes = [...document.querySelectorAll(selector)].map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
          let overlaps = 0;
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i], b = boxes[j];
              if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps++;
            }
          return [boxes.length, overlaps];
        }
        """;

    private async Task<BrowserPage> PhoneAsync(string path)
    {
        var tab = await browser.NewPageAsync();
        await tab.Page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        await tab.GotoInteractiveAsync(path);
        return tab;
    }

    [Fact]
    public async Task ThePlatformChartsLabelsDoNotOverlapOnAPhone()
    {
        await using var tab = await PhoneAsync("/analytics");
        var chart = tab.Page.GetByTestId("platforms-chart");
        await chart.Locator("svg.apexcharts-svg").WaitForAsync();
        await chart.Locator(".apexcharts-bar-area").First.WaitForAsync();
        await chart.ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync("analytics-phone");

        var labels = "[data-testid=platforms-chart] text.apexcharts-xaxis-label, [data-testid=platforms-chart] text.apexcharts-yaxis-label";
        var counts = await tab.Page.EvaluateAsync<int[]>(Overlaps, labels);
        Assert.True(counts[0] >= 4, $"only {counts[0]} axis labels are drawn");
        Assert.Equal(0, counts[1]);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task TheBestTimesHeatmapHasALegend()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/analytics");
        var chart = tab.Page.GetByTestId("best-times-chart");
        await chart.Locator("svg.apexcharts-svg").WaitForAsync();

        var legend = chart.Locator(".apexcharts-legend-series");
        await Assertions.Expect(legend).ToHaveCountAsync(4);
        await Assertions.Expect(legend.Last).ToContainTextAsync("% and more");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task TopPostsGiveTheirTextTheWidthOfAPhone()
    {
        await using var tab = await PhoneAsync("/analytics");
        var text = tab.Page.GetByTestId("top-post-text").First;
        await text.ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync("analytics-top-posts-phone");

        var box = (await text.BoundingBoxAsync())!;
        Assert.True(box.Width > 250, $"the post's text is {box.Width} px wide");
        var row = (await tab.Page.GetByTestId("top-posts").First.Locator("tbody tr").First.BoundingBoxAsync())!;
        Assert.True(row.Height < 160, $"a row is {row.Height} px high");
        Assert.False(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the page scrolls sideways");
    }

    [Fact]
    public async Task TheInboxShowsItemsOnTheFirstScreenAndAnOpenedItemOverTheList()
    {
        await using var tab = await PhoneAsync("/inbox");
        var first = tab.Page.Locator("[data-interaction-id]").First;
        await first.WaitForAsync();
        await tab.ScreenshotAsync("inbox-phone-first-screen");

        var top = (await first.BoundingBoxAsync())!.Y;
        Assert.True(top + 60 < PhoneHeight, $"the first item starts at {top} px");
        await Assertions.Expect(tab.Page.GetByTestId("inbox-filters")).ToBeHiddenAsync();
        await tab.Page.GetByTestId("inbox-filters-toggle").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("filter-platform")).ToBeVisibleAsync();
        await tab.Page.GetByTestId("inbox-filters-toggle").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("inbox-filters")).ToBeHiddenAsync();

        await first.ClickAsync();
        var detail = tab.Page.GetByTestId("inbox-detail");
        await Assertions.Expect(detail.GetByTestId("detail-text")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("inbox-phone-opened");
        var box = (await detail.BoundingBoxAsync())!;
        Assert.InRange(box.Y, 0, 120);
        Assert.True(box.Width >= PhoneWidth - 40, $"the opened item is {box.Width} px wide");
        Assert.InRange((await detail.GetByTestId("detail-text").BoundingBoxAsync())!.Y, 0, PhoneHeight - 20);

        await detail.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(detail).ToBeHiddenAsync();
        await Assertions.Expect(first).ToBeInViewportAsync();
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task SettingsTabsAllShowOnADesktopAndScrollInARowOnAPhone()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings");
        var tabs = tab.Page.GetByTestId("settings-tabs").GetByRole(AriaRole.Tab);
        await Assertions.Expect(tabs).ToHaveCountAsync(11);
        await Assertions.Expect(tab.Page.GetByTestId("add-connection")).ToBeVisibleAsync(); // opens where an Admin acts: Connections
        Assert.Equal(11, await FullyShownTabsAsync(tab.Page));
        Assert.False(await TabBarOverflowsAsync(tab.Page), "the tab list hides tabs behind scroll buttons");
        Assert.False(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the page scrolls sideways");
        await tab.ScreenshotAsync("settings-tabs-desktop");

        await tab.Page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        await tab.GotoInteractiveAsync("/settings");
        await Assertions.Expect(tabs).ToHaveCountAsync(11);
        await tab.ScreenshotAsync("settings-tabs-phone");
        var shown = await FullyShownTabsAsync(tab.Page);
        Assert.True(shown >= 3, $"{shown} tab labels show at once on a phone");
        Assert.False(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the page scrolls sideways");

        // The last tab is reached by scrolling the row.
        await tabs.Last.ScrollIntoViewIfNeededAsync();
        await tabs.Last.ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("db-provider")).ToBeVisibleAsync();
        Assert.Empty(tab.Errors);
    }

    /// <summary>Tabs shown whole: inside the tab list's box and inside the window, both ways.</summary>
    private static Task<int> FullyShownTabsAsync(IPage page) => page.EvaluateAsync<int>("""
        () => {
          const bar = document.querySelector('[data-testid=settings-tabs] .mud-tabs-tabbar-content').getBoundingClientRect();
          return [...document.querySelectorAll('[data-testid=settings-tabs] [role=tab]')].map(t => t.getBoundingClientRect())
            .filter(r => r.width > 0 && r.left >= bar.left - 1 && r.right <= bar.right + 1 && r.top >= bar.top - 1 && r.bottom <= bar.bottom + 1
              && r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight).length;
        }
        """);

    private static Task<bool> TabBarOverflowsAsync(IPage page) => page.EvaluateAsync<bool>("""
        () => {
          const content = document.querySelector('[data-testid=settings-tabs] .mud-tabs-tabbar-content');
          const wrapper = content.querySelector('.mud-tabs-tabbar-wrapper');
          const visible = b => b && getComputedStyle(b).display !== 'none' && b.getBoundingClientRect().width > 0;
          return wrapper.scrollWidth > content.clientWidth + 1 || wrapper.scrollHeight > content.clientHeight + 1
            || [...document.querySelectorAll('[data-testid=settings-tabs] .mud-tabs-scroll-button')].some(visible);
        }
        """);

    [Fact]
    public async Task TheWeekKeepsReadableDayColumnsOnAPhone()
    {
        await using var tab = await PhoneAsync("calendar?view=week");
        var day = tab.Page.Locator(".so-cal-week > .so-cal-dayname[data-date]").First;
        await day.WaitForAsync();
        await tab.ScreenshotAsync("calendar-phone-week");

        Assert.True((await day.BoundingBoxAsync())!.Width >= 80, "a day column is narrower than 80 px");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => { const s = document.querySelector('.so-cal-week-scroll'); return s.scrollWidth > s.clientWidth; }"),
            "the week does not scroll sideways inside its box");
        Assert.False(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the page scrolls sideways");
        Assert.Empty(tab.Errors);
    }
}
