using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Analytics.Wall;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

public sealed class WallBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private KioskKeyService Keys => browser.App.Services.GetRequiredService<KioskKeyService>();

    [Fact]
    public async Task TheWallPairsWithATypedCodeAndShowsANewCommentWithoutAReload()
    {
        var key = await Keys.CreateAsync("Office TV", Actor.System);
        await using var tv = await browser.NewAnonymousPageAsync();
        await tv.Page.SetViewportSizeAsync(1920, 1080);

        // An unpaired screen gets the pairing box as a plain page.
        await tv.Page.GotoAsync("wall");
        await tv.Page.GetByTestId("wall-code").FillAsync(KioskKeyService.Display(key.Code));
        await tv.Page.GetByTestId("wall-pair").ClickAsync();
        await tv.Page.GetByTestId("wall-comments").WaitForAsync();
        await tv.WaitForInteractiveAsync();
        Assert.EndsWith("/wall", tv.Page.Url, StringComparison.Ordinal);
        var comments = tv.Page.GetByTestId("wall-comments");
        var before = int.Parse(await comments.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await tv.Page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth"));
        await tv.ScreenshotAsync("wall");

        await using (var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            db.Interactions.Add(new Interaction
            {
                Platform = Platform.Sandbox, Kind = InteractionKind.Comment, ExternalId = $"wall-{Guid.NewGuid():N}", AuthorName = "Visitor",
                Text = "Lovely beans, thank you!", ReceivedAt = TimeProvider.System.GetUtcNow(),
                Sentiment = new SentimentResult { Label = SentimentLabel.Positive, Score = 0.9, ModelVersion = "test", AnalyzedAt = TimeProvider.System.GetUtcNow() },
            });
            await db.SaveChangesAsync();
        }

        // The bus pushes the change to the open circuit: the figure changes in place, without a reload.
        await Assertions.Expect(comments).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        Assert.EndsWith("/wall", tv.Page.Url, StringComparison.Ordinal);
        Assert.Empty(tv.Errors);
    }

    [Fact]
    public async Task TheWallShowsItsClockInTheZoneAnAdminChose()
    {
        Assert.Null(await Keys.SetWallZoneAsync("Asia/Tokyo", Actor.System));
        try
        {
            var key = await Keys.CreateAsync("Tokyo TV", Actor.System);
            await using var tv = await browser.NewAnonymousPageAsync();
            var before = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));

            await tv.Page.GotoAsync($"wall/pair?code={key.Code}");
            var clock = await tv.Page.GetByTestId("wall-clock").InnerTextAsync();

            var after = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
            Assert.Contains(clock.Trim(), new[] { before.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), after.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) });
        }
        finally
        {
            Assert.Null(await Keys.SetWallZoneAsync("Etc/UTC", Actor.System));
        }
    }

    [Fact]
    public async Task AOneTimeLinkPairsOnceAndLeavesNothingInTheAddress()
    {
        var key = await Keys.CreateAsync("Lobby TV", Actor.System);
        await using var tv = await browser.NewAnonymousPageAsync();

        await tv.Page.GotoAsync($"wall/pair?code={key.Code}");
        await tv.Page.GetByTestId("wall-clock").WaitForAsync();

        Assert.Equal("/wall", new Uri(tv.Page.Url).PathAndQuery);
        await using var second = await browser.NewAnonymousPageAsync();
        await second.Page.GotoAsync($"wall/pair?code={key.Code}");
        await Assertions.Expect(second.Page.GetByTestId("wall-pairing-problem")).ToContainTextAsync("does not work");
        Assert.Equal(0, await second.Page.GetByTestId("wall-clock").CountAsync());
    }

    [Fact]
    public async Task ACodeOfARevokedScreenIsRefusedOnTheScreen()
    {
        var key = await Keys.CreateAsync("Old TV", Actor.System);
        await Keys.RevokeAsync(key.Id, Actor.System);
        await using var tv = await browser.NewAnonymousPageAsync();
        await tv.Page.SetViewportSizeAsync(1440, 900);
        await tv.Page.GotoAsync("wall");
        await tv.Page.GetByTestId("wall-code").WaitForAsync();
        await tv.ScreenshotAsync("wall-pairing-1440");

        await tv.Page.GetByTestId("wall-code").FillAsync(key.Code);
        await tv.Page.GetByTestId("wall-pair").ClickAsync();

        await Assertions.Expect(tv.Page.GetByTestId("wall-pairing-problem")).ToContainTextAsync("does not work");
        Assert.Equal(0, await tv.Page.GetByTestId("wall-clock").CountAsync());
        await tv.Page.SetViewportSizeAsync(390, 844);
        Assert.True(await tv.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"));
        await tv.ScreenshotAsync("wall-pairing-390");
        Assert.Empty(tv.Errors);
    }

    [Fact]
    public async Task TheAnalyticsPageDrawsEveryChartAndShowsItsNumbers()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/analytics");

        foreach (var chart in new[] { "engagement-chart", "sentiment-chart", "followers-chart", "platforms-chart", "best-times-chart" })
        {
            await tab.Page.GetByTestId(chart).Locator("svg.apexcharts-svg").WaitForAsync();
        }

        await tab.Page.GetByTestId("engagement-table-toggle").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("engagement-table").Locator("tbody tr")).ToHaveCountAsync(30);
        Assert.True(await tab.Page.GetByTestId("top-posts").First.Locator("tbody tr").CountAsync() > 0);
        await tab.ScreenshotAsync("analytics");
        // On a phone the page is laid out afresh at its width and never scrolls sideways, the heatmap included.
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.GotoInteractiveAsync("/analytics");
        await tab.Page.GetByTestId("best-times-chart").Locator("svg.apexcharts-svg").WaitForAsync();
        await tab.ScreenshotAsync("analytics-phone");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the analytics page scrolls sideways at 390 px");
        Assert.Empty(tab.Errors);
    }
}
