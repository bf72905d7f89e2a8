using Microsoft.Playwright;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>The calendar over the demo data: every view renders, projected series show, and the README's pictures come from here.</summary>
public sealed class CalendarScreenshotTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task MonthWeekAndAgendaShowTheDemoPlanIncludingTheSeries()
    {
        await using var tab = await browser.NewPageAsync();

        await tab.GotoInteractiveAsync("calendar?view=month");
        await Assertions.Expect(tab.Page.Locator("[data-post-id]").First).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.Locator("[data-series-id][data-status='scheduled']").First).ToBeVisibleAsync();
        await tab.ScreenshotAsync("calendar-month");

        await tab.GotoInteractiveAsync("calendar?view=week");
        await Assertions.Expect(tab.Page.Locator("[data-slot]")).ToHaveCountAsync(7 * 96);
        await tab.ScreenshotAsync("calendar-week");

        await tab.GotoInteractiveAsync("calendar?view=agenda");
        await Assertions.Expect(tab.Page.GetByTestId("agenda")).ToBeVisibleAsync();
        Assert.Empty(tab.Errors);
    }
}
