using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Scheduling;

namespace SocialOps.Tests.Browser;

public sealed class ThreadBrowserTests(BerlinCalendarFixture browser) : IClassFixture<BerlinCalendarFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => browser.UseBerlinAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static ILocator Field(IPage page, string testId) => page.Locator($"textarea[data-testid='{testId}'], [data-testid='{testId}'] textarea").First;

    [Fact]
    public async Task AThreePartThreadWrittenInTheComposerIsOneItemOnTheCalendarAndGoesOutToTheSandboxPartByPart()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(3);
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync($"compose?at={CalendarGrid.DayKey(day)}T11:00");
        var sandbox = tab.Page.GetByTestId("compose-accounts").Locator(".mud-chip", new() { HasText = "Sandbox" }).First;
        if (!(await sandbox.GetAttributeAsync("class"))!.Contains("mud-chip-filled", StringComparison.Ordinal))
        {
            await sandbox.ClickAsync();
        }

        await Field(tab.Page, "compose-text").FillAsync($"Thread {tag}: one");
        await tab.Page.GetByTestId("thread-add").ClickAsync();
        await tab.Page.GetByTestId("thread-add").ClickAsync();
        await Field(tab.Page, "thread-part-0").FillAsync("three");
        await Field(tab.Page, "thread-part-1").FillAsync("two");
        await tab.Page.GetByTestId("thread-down-0").ClickAsync();
        await Assertions.Expect(Field(tab.Page, "thread-part-0")).ToHaveValueAsync("two");
        await Assertions.Expect(tab.Page.GetByTestId("part-counter-1-sandbox")).ToContainTextAsync("5 / 5000");
        await tab.Page.GetByTestId("compose-schedule").ClickAsync();

        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/calendar\\?date="));
        int id;
        await using (var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            var post = await db.Posts.AsNoTracking().Include(p => p.Parts).SingleAsync(p => p.Content == $"Thread {tag}: one");
            Assert.Equal(["two", "three"], post.Parts.OrderBy(p => p.Index).Select(p => p.Content));
            id = post.Id;
        }

        var chip = tab.Page.Locator($".so-chip[data-post-id='{id}']");
        await Assertions.Expect(chip).ToHaveCountAsync(1);
        await Assertions.Expect(chip.GetByTestId("thread-badge")).ToHaveTextAsync("3");

        var admin = await AdminAsync();
        var (_, errors) = await browser.App.Services.GetRequiredService<SchedulingService>().PublishNowAsync(id, admin);
        Assert.Empty(errors);
        var texts = new List<string>();
        for (var i = 0; i < 60 && texts.Count < 3; i++)
        {
            await Task.Delay(250);
            await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
            texts = await db.SandboxPublications.Where(p => p.PostId == id).OrderBy(p => p.Id).Select(p => p.Content).ToListAsync();
        }

        Assert.Equal([$"Thread {tag}: one", "two", "three"], texts);
        Assert.Empty(tab.Errors);
    }

    private async Task<Actor> AdminAsync()
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == browser.Admin.Email).Select(u => u.Id).SingleAsync();
        return new Actor("admin", userId, Access: Access.Admin);
    }
}
