using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>The composer's previews in each platform's look, on a phone and on a desktop (the demo's accounts and a Threads one).</summary>
public sealed class ComposePreviewBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // A 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private const string Text = "New single origin on the bar today with @maya and the whole #HarbourLane crew. " +
        "Tasting notes, brew ratios and the farm's story: https://harbourlane.example/journal/2026/12/a-very-long-address-without-breaks " +
        "Come early, the first hundred cups are on us. Bring a friend and your own cup if you can.";

    // Previews whose content is wider than the preview, or that reach past the window's right edge.
    private const string TooWide = """
        () => [...document.querySelectorAll('article.pv')]
          .filter(a => a.scrollWidth > a.clientWidth + 1 || a.getBoundingClientRect().right > window.innerWidth + 1)
          .map(a => a.dataset.testid)
        """;

    private async Task AddThreadsAccountAsync()
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        if (!await db.PlatformAccounts.AnyAsync(a => a.Platform == Platform.Threads))
        {
            db.PlatformAccounts.Add(new PlatformAccount { Platform = Platform.Threads, DisplayName = "Harbour Lane Coffee", Handle = "harbourlane", IsSandbox = true });
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task EveryPlatformsPreviewFitsAPhoneWithoutScrollingSideways()
    {
        await AddThreadsAccountAsync();
        await using var tab = await browser.NewPageAsync();
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.GotoInteractiveAsync("compose");

        var chips = tab.Page.GetByTestId("compose-accounts").Locator(".mud-chip");
        var count = await chips.CountAsync();
        for (var i = 0; i < count; i++)
        {
            await chips.Nth(i).ClickAsync();
            await Assertions.Expect(tab.Page.Locator("article.pv")).ToHaveCountAsync(i + 1);
        }

        await tab.Page.Locator("textarea[data-testid='compose-text'], [data-testid='compose-text'] textarea").First.FillAsync(Text);
        FilePayload Image(int i) => new() { Name = $"cup{i}.png", MimeType = "image/png", Buffer = Png };
        await tab.SetInputFilesAsync(tab.Page.Locator("input[type=file]"), i => i.SetInputFilesAsync([Image(1), Image(2), Image(3), Image(4)]));

        Assert.Equal(7, count);
        await Assertions.Expect(tab.Page.GetByTestId("preview-x").Locator("[data-layout=grid-2x2] img")).ToHaveCountAsync(4);
        await Assertions.Expect(tab.Page.GetByTestId("preview-instagram").GetByTestId("preview-more")).ToBeVisibleAsync();
        await tab.Page.GetByTestId("preview-mastodon").ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync("compose-previews-phone");

        Assert.Empty(await tab.Page.EvaluateAsync<string[]>(TooWide));
        Assert.False(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the composer scrolls sideways");

        await tab.Page.SetViewportSizeAsync(1440, 900);
        await tab.ScreenshotAsync("compose-previews-desktop");
        Assert.Empty(await tab.Page.EvaluateAsync<string[]>(TooWide));
        Assert.Empty(tab.Errors);
    }
}
