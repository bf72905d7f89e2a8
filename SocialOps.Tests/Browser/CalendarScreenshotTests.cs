using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>The calendar over the demo data: every view renders, projected series show, and the README's pictures come from here.</summary>
public sealed class CalendarScreenshotTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task MonthWeekAndAgendaShowTheDemoPlanIncludingTheSeries()
    {
        await using (var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            var id = await db.Users.Where(u => u.Email == browser.Admin.Email).Select(u => u.Id).SingleAsync();
            Assert.Null(await browser.App.Services.GetRequiredService<UserPreferences>().SetTimeZoneAsync(new Actor("person", id, Access: Access.Analyst), "Europe/Berlin"));
        }

        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("calendar?view=month");
        await Assertions.Expect(tab.Page.GetByTestId("calendar-zone")).ToContainTextAsync("Europe/Berlin");
        await Assertions.Expect(tab.Page.Locator("[data-post-id]").First).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.Locator("[data-series-id][data-status='scheduled']").First).ToBeVisibleAsync();
        await tab.ScreenshotAsync("calendar-month");

        // "+N more" opens that whole day.
        var crowded = tab.Page.GetByTestId("more").First;
        var day = await crowded.EvaluateAsync<string>("a => a.closest('[data-date]').dataset.date");
        await crowded.ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("agenda")).ToBeVisibleAsync();
        Assert.Contains($"view=agenda&date={day}", tab.Page.Url, StringComparison.Ordinal);
        Assert.True(await tab.Page.Locator($"[data-testid='agenda'] [data-date='{day}'] .so-chip").CountAsync() > 3);

        // Next week holds the demo's scheduled posts and its series.
        var nextWeek = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await tab.GotoInteractiveAsync($"calendar?view=week&date={nextWeek}");
        await Assertions.Expect(tab.Page.Locator("[data-slot]")).ToHaveCountAsync(7 * 96);
        await tab.ScreenshotAsync("calendar-week");

        await tab.Page.Locator("[data-post-id]").First.ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("panel-text")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("post-panel");

        await tab.GotoInteractiveAsync("calendar?view=agenda");
        await Assertions.Expect(tab.Page.GetByTestId("agenda")).ToBeVisibleAsync();
        Assert.Empty(tab.Errors);
    }
}
