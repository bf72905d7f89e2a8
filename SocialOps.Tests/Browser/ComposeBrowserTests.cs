using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Calendar;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;

namespace SocialOps.Tests.Browser;

public sealed class ComposeBrowserTests(BerlinCalendarFixture browser) : IClassFixture<BerlinCalendarFixture>, IAsyncLifetime
{
    // A 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    public Task InitializeAsync() => browser.UseBerlinAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task SelectAsync(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).ClickAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First;
        await item.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LeavingWithUnsavedTextAsksFirst()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("compose");
        await tab.Page.Locator("textarea[data-testid='compose-text'], [data-testid='compose-text'] textarea").First.FillAsync("Half a thought");
        var calendarLink = tab.Page.GetByRole(AriaRole.Link, new() { Name = "Calendar", Exact = true });

        await calendarLink.ClickAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Stay" }).ClickAsync();
        Assert.EndsWith("/compose", tab.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(tab.Page.Locator("textarea[data-testid='compose-text'], [data-testid='compose-text'] textarea").First).ToHaveValueAsync("Half a thought");

        await calendarLink.ClickAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("calendar-grid")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task APostWithAnImageAndADailyRecurrenceIsScheduledFromTheComposer()
    {
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(3);
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync($"calendar?view=month&date={CalendarGrid.DayKey(day)}");
        await tab.Page.Locator("[data-action='new-post']").ClickAsync();
        await tab.WaitForInteractiveAsync();
        await tab.GotoInteractiveAsync($"compose?at={CalendarGrid.DayKey(day)}T11:00");

        var sandbox = tab.Page.GetByTestId("compose-accounts").Locator(".mud-chip", new() { HasText = "Sandbox" });
        if (!(await sandbox.GetAttributeAsync("class"))!.Contains("mud-chip-filled", StringComparison.Ordinal))
        {
            await sandbox.ClickAsync();
        }

        // An empty post is refused next to the field, and nothing is scheduled.
        await tab.Page.GetByTestId("compose-schedule").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("content-error")).ToContainTextAsync("The post is empty.");

        await tab.Page.Locator("textarea[data-testid='compose-text'], [data-testid='compose-text'] textarea").First.FillAsync("Fresh roast every morning <script>alert(1)</script>");
        await Assertions.Expect(tab.Page.GetByTestId("counter-sandbox")).ToContainTextAsync("/ 5000");
        await tab.SetInputFilesAsync(tab.Page.Locator("input[type=file]"), i => i.SetInputFilesAsync(new FilePayload { Name = "cup.png", MimeType = "image/png", Buffer = Png }));
        await Assertions.Expect(tab.Page.GetByTestId("media-thumbnails").Locator("img").First).ToBeVisibleAsync();
        await tab.SetInputFilesAsync(tab.Page.Locator("input[type=file]"), i => i.SetInputFilesAsync(new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "not an image"u8.ToArray() }));
        await Assertions.Expect(tab.Page.GetByTestId("media-error")).ToContainTextAsync("is not an image");

        // A malformed pattern is explained next to the field.
        await SelectAsync(tab.Page, "repeat", "Custom (cron pattern)");
        await tab.Page.Locator("input[data-testid='cron'], [data-testid='cron'] input").First.FillAsync("every day at 2");
        await Assertions.Expect(tab.Page.GetByTestId("recurrence-error")).ToContainTextAsync("5 fields");

        await SelectAsync(tab.Page, "repeat", "Every day");
        await Assertions.Expect(tab.Page.GetByTestId("next-occurrences").Locator("li")).ToHaveCountAsync(5);
        await Assertions.Expect(tab.Page.GetByTestId("next-occurrences").Locator("li").First).ToContainTextAsync("11:00");
        await tab.ScreenshotAsync("compose-recurring-with-image");
        await tab.Page.GetByTestId("compose-schedule").ClickAsync();

        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/calendar\\?date="));
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var post = await db.Posts.AsNoTracking().Include(p => p.Schedule).SingleAsync(p => p.Content.StartsWith("Fresh roast"));
        Assert.Equal("0 11 * * *", post.Schedule!.CronExpression);
        Assert.Equal("Europe/Berlin", post.Schedule.TimeZone);
        Assert.Equal(PostStatus.Scheduled, post.Status);
        var image = Assert.Single(post.MediaReferences);
        Assert.NotNull(browser.App.Services.GetRequiredService<MediaStore>().PathOf(image));
        Assert.Equal(Assert.Single(post.Schedule.SeriesMediaReferences), image);
        Assert.Equal(CalendarGrid.LandAt(day.ToDateTime(new TimeOnly(11, 0)), BerlinCalendarFixture.Berlin).At, post.ScheduledFor);
        Assert.Equal(0, await tab.Page.Locator("script:text('alert(1)')").CountAsync());
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task PublishNowFromTheComposerAsksFirstThenSendsThePost()
    {
        var text = $"Out of the roaster right now {Guid.NewGuid():N}";
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("compose");
        var sandbox = tab.Page.GetByTestId("compose-accounts").Locator(".mud-chip", new() { HasText = "Sandbox" }).First;
        if (!(await sandbox.GetAttributeAsync("class"))!.Contains("mud-chip-filled", StringComparison.Ordinal))
        {
            await sandbox.ClickAsync();
        }

        await tab.Page.Locator("textarea[data-testid='compose-text'], [data-testid='compose-text'] textarea").First.FillAsync(text);
        await tab.Page.GetByTestId("compose-publish-now").ClickAsync();
        var dialog = tab.Page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("goes out now");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync();

        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/calendar\\?date="));
        var published = false;
        for (var i = 0; i < 60 && !published; i++)
        {
            await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
            published = await db.Posts.AnyAsync(p => p.Content == text && p.Status == PostStatus.Published);
            await Task.Delay(published ? 0 : 250);
        }

        Assert.True(published, "the post went out within 15 seconds");
        Assert.Empty(tab.Errors);
    }
}
