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

/// <summary>
/// The wall screen hangs in an office with nobody to press "Reload": when the server goes away and comes back
/// (a deployment, a reboot), the open page must return by itself, still paired, showing fresh figures.
/// </summary>
public sealed class WallRestartTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheWallComesBackByItselfAfterTheServerRestarts()
    {
        // The data directory (database and data-protection keys) outlives both server processes, as on a real host.
        using var files = new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false" } };
        var key = await files.Services.GetRequiredService<KioskKeyService>().CreateAsync("Office TV", Actor.System);
        var url = $"http://127.0.0.1:{AppProcess.FreePort()}";
        var env = new Dictionary<string, string> { ["Data__Directory"] = files.DataDirectory };
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var first = AppProcess.Start(["--urls", url], env);
        await using var tv = await browser.NewAnonymousPageAsync();
        int before;
        try
        {
            await AppProcess.WaitForAsync(http, "/health", TimeSpan.FromMinutes(2));
            await tv.Page.SetViewportSizeAsync(1920, 1080);
            await tv.Page.GotoAsync($"{url}/wall/pair?code={key.Code}");
            await tv.WaitForInteractiveAsync();
            before = int.Parse(await tv.Page.GetByTestId("wall-comments").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            var stopped = await first.StopAsync();
            Assert.True(stopped.ExitCode == 0, $"the first server stopped with {stopped.ExitCode}: {stopped.StdErr}");
            await first.DisposeAsync();
        }

        // While the server is down a comment arrives (written to the database the next server reads).
        await using (var db = await files.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            db.Interactions.Add(new Interaction
            {
                Platform = Platform.Sandbox, Kind = InteractionKind.Comment, ExternalId = $"restart-{Guid.NewGuid():N}", AuthorName = "Visitor",
                Text = "Still here after the restart", ReceivedAt = TimeProvider.System.GetUtcNow(),
                Sentiment = new SentimentResult { Label = SentimentLabel.Positive, Score = 0.8, ModelVersion = "test", AnalyzedAt = TimeProvider.System.GetUtcNow() },
            });
            await db.SaveChangesAsync();
        }

        await using var second = AppProcess.Start(["--urls", url], env);
        await AppProcess.WaitForAsync(http, "/health", TimeSpan.FromMinutes(2));

        // Nobody touches the page: it reconnects, finds its circuit gone, reloads, and the kiosk cookie signs it in again.
        var expected = (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(tv.Page.GetByTestId("wall-comments")).ToHaveTextAsync(expected, new() { Timeout = 60_000 });
        Assert.Equal($"{url}/wall", tv.Page.Url);
    }
}
