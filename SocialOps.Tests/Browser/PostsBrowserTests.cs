using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

public sealed class PostsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AMissedPostIsPublishedWithOneClickAndStatusChangesArriveLive()
    {
        await AddMissedPostAsync("Missed post A, published by a click");
        var elsewhere = await AddMissedPostAsync("Missed post B, published elsewhere");
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/posts");
        await tab.Page.GetByLabel("Search text").FillAsync("Missed post");
        await Assertions.Expect(tab.Page.GetByTestId("posts-grid").Locator("tbody tr")).ToHaveCountAsync(2); // the search has applied
        var rowA = tab.Page.Locator("tr", new() { HasText = "Missed post A" });
        var rowB = tab.Page.Locator("tr", new() { HasText = "Missed post B" });
        await Assertions.Expect(rowA).ToContainTextAsync("Missed");
        await Assertions.Expect(rowB).ToContainTextAsync("Missed");

        await rowA.GetByTestId("publish-now").ClickAsync();
        await browser.App.Services.GetRequiredService<SchedulingService>().PublishNowAsync(elsewhere, new Actor("someone else"));

        // Neither row is reloaded by the test: the scheduler's status events refresh the open page.
        await Assertions.Expect(rowA).ToContainTextAsync("Published", new() { Timeout = 20_000 });
        await Assertions.Expect(rowB).ToContainTextAsync("Published", new() { Timeout = 20_000 });
        await tab.ScreenshotAsync("posts-published-live");
        Assert.Empty(tab.Errors);
    }

    private async Task<int> AddMissedPostAsync(string content)
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow();
        var post = new Post
        {
            Platform = Platform.Sandbox, Content = content, Status = PostStatus.Missed,
            StatusReason = "Due while SocialOps was not running", ScheduledFor = now.AddHours(-3), CreatedAt = now, UpdatedAt = now,
        };
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        return post.Id;
    }
}
