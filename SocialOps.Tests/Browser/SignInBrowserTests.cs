using Microsoft.Playwright;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

public sealed class SignInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task VisitorIsSentToSignInThenBackWhereTheyWereGoing()
    {
        await using var tab = await browser.NewAnonymousPageAsync();

        await tab.Page.GotoAsync("inbox");
        Assert.Contains("/account/login", tab.Page.Url, StringComparison.Ordinal);
        await tab.ScreenshotAsync("sign-in");
        await tab.Page.GetByLabel("Email").FillAsync(browser.Admin.Email);
        await tab.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(browser.Admin.Password);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.WaitForInteractiveAsync();

        Assert.EndsWith("/inbox", tab.Page.Url, StringComparison.Ordinal);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task WrongPasswordShowsAMessageAndStaysOnTheForm()
    {
        await using var tab = await browser.NewAnonymousPageAsync();

        await tab.Page.GotoAsync("account/login");
        await tab.Page.GetByLabel("Email").FillAsync(browser.Admin.Email);
        await tab.Page.GetByLabel("Password", new() { Exact = true }).FillAsync("not-the-password-1");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(tab.Page.GetByTestId("login-error")).ToContainTextAsync("do not match");
        await tab.ScreenshotAsync("sign-in-wrong-password");
    }

    [Fact]
    public async Task SignOutEndsTheSession()
    {
        await using var tab = await browser.NewAnonymousPageAsync();
        await tab.SignInAsync(browser.Admin.Email, browser.Admin.Password);

        await tab.Page.GetByTestId("user-menu").ClickAsync();
        await tab.Page.GetByTestId("sign-out").ClickAsync();
        await tab.Page.WaitForURLAsync("**/account/login");
        await tab.Page.GotoAsync("settings");

        Assert.Contains("/account/login", tab.Page.Url, StringComparison.Ordinal);
        Assert.Empty(tab.Errors);
    }
}
