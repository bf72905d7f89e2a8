using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Tests.Harness;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Browser;

/// <summary>First-run setup as a new user meets it: a visible form, a clear refusal of a wrong code, then the dashboard.</summary>
public sealed class SetupBrowserTests(SetupBrowserTests.Fixture browser) : IClassFixture<SetupBrowserTests.Fixture>
{
    public sealed class Fixture : BrowserFixture
    {
        protected override bool CreatesAdmin => false;

        protected override void ConfigureApp(SocialOpsAppFactory app)
        {
        }
    }

    [Fact]
    public async Task TheFirstAdminIsCreatedWithTheCodeFromTheLog()
    {
        await using var tab = await browser.NewAnonymousPageAsync();
        await tab.Page.GotoAsync("");
        await tab.Page.WaitForURLAsync("**/setup");

        // Every field of the form can be seen: the code input has a border like the others.
        foreach (var id in new[] { "code", "email", "password", "confirm" })
        {
            var border = await tab.Page.Locator($"#{id}").EvaluateAsync<string>("e => getComputedStyle(e).borderTopWidth");
            Assert.NotEqual("0px", border);
        }

        await tab.ScreenshotAsync("setup");
        await FillAsync(tab.Page, "WRON-GCOD-E234");
        await Assertions.Expect(tab.Page.GetByTestId("setup-error")).ToContainTextAsync("not the one in the server log");

        await FillAsync(tab.Page, browser.App.Services.GetRequiredService<FirstRunSetup>().Code!);
        await tab.WaitForInteractiveAsync();

        Assert.Null(browser.App.Services.GetRequiredService<FirstRunSetup>().Code);
        await tab.Page.GotoAsync("setup");
        Assert.Contains("/account/login", tab.Page.Url, StringComparison.Ordinal);
        Assert.Empty(tab.Errors);
    }

    private static async Task FillAsync(IPage page, string code)
    {
        await page.Locator("#code").FillAsync(code);
        await page.Locator("#email").FillAsync("first@socialops.test");
        await page.Locator("#password").FillAsync("first-admin-password-1");
        await page.Locator("#confirm").FillAsync("first-admin-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin and sign in" }).ClickAsync();
    }
}
