using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Telemetry;

namespace SocialOps.Tests.Browser;

public sealed class HealthBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheHealthPageShowsAConnectionWhoseRenewalFailedWithWhatToDoOnAnyWidth()
    {
        using var admin = new HttpClient { BaseAddress = browser.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", browser.App.TokenFor(Roles.Admin));
        using var created = await admin.PostAsJsonAsync("/api/connections", new { platform = "sandbox", name = "Brand on Threads", behavesAs = "threads" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        await browser.App.Services.GetRequiredService<ConnectionStore>().RecordAsync(id, null, new PublishException(PublishFailureKind.Permanent,
            "The Threads sign-in could not be renewed (the token has expired); reconnect the account in Settings → Connections."));

        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/health");

        var row = tab.Page.Locator("[data-health-check=connection][data-health-state=problem]").Filter(new() { HasText = "Brand on Threads" });
        await Assertions.Expect(row).ToContainTextAsync("could not be renewed");
        await Assertions.Expect(row.Locator("[data-health-advice]")).ToContainTextAsync("reconnect the account");
        await Assertions.Expect(row.Locator("[data-health-fix]")).ToHaveAttributeAsync("href", "/settings?tab=connections");
        await Assertions.Expect(tab.Page.GetByTestId("health-overall")).ToHaveAttributeAsync("data-health-state", "problem");
        await Assertions.Expect(tab.Page.Locator("[data-health-section=scheduler] [data-health-state=ok]").First).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.GetByTestId("nav-health")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("health");

        // The open page is a circuit the metrics count.
        var metrics = await OperationsMetricsTests.ScrapeUntilAsync(admin, t => MetricsEndpointTests.Value(t, "socialops_circuits_open", "") >= 1);
        Assert.True(MetricsEndpointTests.Value(metrics, "socialops_circuits_open", "") >= 1, "the open health page counts as an open circuit");

        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.GotoInteractiveAsync("/health"); // laid out afresh at phone width
        await Assertions.Expect(row.Locator("[data-health-advice]")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("health-phone");
        Assert.True(await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the page must not scroll sideways on a phone");
        await tab.Page.SetViewportSizeAsync(1440, 900);

        await row.Locator("[data-health-fix]").ClickAsync();
        await tab.Page.WaitForURLAsync("**/settings?tab=connections");
        Assert.Empty(tab.Errors);
    }
}
