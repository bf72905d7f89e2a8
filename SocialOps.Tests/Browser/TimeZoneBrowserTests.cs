using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Data;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>An install whose admin has not chosen a time zone yet.</summary>
public sealed class NoZoneFixture : BrowserFixture
{
    protected override void ConfigureApp(SocialOpsAppFactory app)
    {
    }
}

public sealed class TimeZoneBrowserTests(NoZoneFixture browser) : IClassFixture<NoZoneFixture>
{
    [Fact]
    public async Task OnFirstSignInTheBrowsersZoneIsOfferedAndOneClickKeepsIt()
    {
        await using var tab = await browser.NewPageAsync(browserTimeZone: "America/New_York");
        await tab.GotoInteractiveAsync("calendar");
        await Assertions.Expect(tab.Page.GetByTestId("calendar-zone")).ToContainTextAsync("Times in UTC");

        await Assertions.Expect(tab.Page.GetByTestId("time-zone-prompt")).ToContainTextAsync("America/New_York");
        await tab.Page.GetByTestId("time-zone-accept").ClickAsync();

        await Assertions.Expect(tab.Page.GetByTestId("time-zone-prompt")).ToBeHiddenAsync();
        await Assertions.Expect(tab.Page.GetByTestId("calendar-zone")).ToContainTextAsync("America/New_York");
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal("America/New_York", await db.Users.Where(u => u.Email == browser.Admin.Email).Select(u => u.TimeZone).SingleAsync());

        await tab.Page.GetByTestId("user-menu").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("time-zone-menu")).ToContainTextAsync("America/New_York");
        Assert.Empty(tab.Errors);
    }
}
