using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Common;
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
        await Assertions.Expect(rowA.GetByTestId("post-status")).ToHaveTextAsync("Missed");
        await Assertions.Expect(rowB.GetByTestId("post-status")).ToHaveTextAsync("Missed");

        await rowA.GetByTestId("publish-now").ClickAsync();
        await browser.App.Services.GetRequiredService<SchedulingService>().PublishNowAsync(elsewhere, new Actor("someone else", Access: Access.Editor));

        // Neither row is reloaded by the test: the scheduler's status events refresh the open page.
        await Assertions.Expect(rowA.GetByTestId("post-status")).ToHaveTextAsync("Published", new() { Timeout = 20_000 });
        await Assertions.Expect(rowB.GetByTestId("post-status")).ToHaveTextAsync("Published", new() { Timeout = 20_000 });
        await tab.ScreenshotAsync("posts-published-live");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AnUnconfirmedPostIsSettledFromThePostsPage()
    {
        var id = await AddMissedPostAsync("Unconfirmed post C, found on the platform", PostStatus.Unconfirmed);
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/posts");
        await tab.Page.GetByLabel("Search text").FillAsync("Unconfirmed post C");
        await Assertions.Expect(tab.Page.GetByTestId("posts-grid").Locator("tbody tr")).ToHaveCountAsync(1); // the search has applied
        var row = tab.Page.Locator("tr", new() { HasText = "Unconfirmed post C" });
        await Assertions.Expect(row.GetByTestId("post-status")).ToHaveTextAsync("Unconfirmed");

        await row.GetByTestId("mark-published").ClickAsync();
        await tab.Page.GetByLabel("Link to the post (optional)").FillAsync("https://social.example/@roaster/1");
        await tab.ScreenshotAsync("posts-mark-published");
        await tab.Page.GetByTestId("settle-confirm").ClickAsync();

        await Assertions.Expect(row.GetByTestId("post-status")).ToHaveTextAsync("Published", new() { Timeout = 20_000 });
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var post = await db.Posts.SingleAsync(p => p.Id == id);
        Assert.Equal("https://social.example/@roaster/1", post.ExternalUrl);
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "post.mark_published" && a.EntityId == key));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task ALinkToAPostFromANotificationOpensThatPostOverTheList()
    {
        var id = await AddMissedPostAsync("Failed post D, linked from an email", PostStatus.Failed);
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync($"/posts?status=Failed&post={id}");

        var panel = tab.Page.GetByTestId("post-panel");
        await Assertions.Expect(panel.GetByTestId("panel-text")).ToHaveTextAsync("Failed post D, linked from an email");
        await Assertions.Expect(panel.GetByTestId("panel-status")).ToHaveTextAsync("Failed");
        Assert.Empty(tab.Errors);
    }

    private async Task<int> AddMissedPostAsync(string content, PostStatus status = PostStatus.Missed)
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow();
        var post = new Post { Platform = Platform.Sandbox, Content = content, CreatedAt = now }.InState(status, now.AddHours(-3), "Due while SocialOps was not running");
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        return post.Id;
    }
}
