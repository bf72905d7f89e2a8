using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

public sealed class SettingsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnAdminGivesAPersonWhoForgotTheirPasswordALinkAndTheyChooseANewOne()
    {
        const string email = "forgetful@example.com", chosen = "second-password-2-kept";
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(email, "first-password-1-lost", Roles.Editor, Actor.System);
            Assert.True(user is not null, string.Join(" ", errors));
        }

        // The person finds out what to do from the sign-in page.
        await using var person = await browser.NewAnonymousPageAsync();
        await person.Page.GotoAsync("account/login");
        await person.Page.GetByTestId("forgot-password").ClickAsync();
        await Assertions.Expect(person.Page.GetByTestId("forgot-ask-admin")).ToContainTextAsync("Ask an Admin");
        await person.ScreenshotAsync("forgot-password");

        await using var admin = await browser.NewPageAsync();
        await admin.GotoInteractiveAsync("/settings?tab=users");
        var row = admin.Page.GetByTestId("users-table").Locator("tr").Filter(new() { HasText = email });
        await row.GetByTestId("create-reset-link").ClickAsync();
        var address = (await admin.Page.GetByTestId("reset-link-address").InnerTextAsync()).Trim();
        await admin.ScreenshotAsync("settings-reset-link");
        Assert.StartsWith(browser.BaseAddress + "account/reset-password?", address, StringComparison.Ordinal);

        await person.Page.GotoAsync(address);
        await person.Page.Locator("#password").FillAsync("short1");
        await person.Page.Locator("#confirm").FillAsync("short1");
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Assertions.Expect(person.Page.GetByTestId("reset-error")).ToContainTextAsync("at least 12 characters");
        await person.Page.Locator("#password").FillAsync(chosen);
        await person.Page.Locator("#confirm").FillAsync(chosen);
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Assertions.Expect(person.Page.GetByTestId("reset-done")).ToBeVisibleAsync();
        await person.ScreenshotAsync("reset-password-done");

        await person.SignInAsync(email, chosen);
        Assert.DoesNotContain("account/login", person.Page.Url, StringComparison.Ordinal);

        // The link was for once.
        await person.Page.GotoAsync(address);
        await Assertions.Expect(person.Page.GetByTestId("reset-error")).ToContainTextAsync("expired or was already used");
        Assert.Empty(person.Errors);
        Assert.Empty(admin.Errors);
    }

    [Fact]
    public async Task AdminCreatesATokenThatIsShownOnceAndListedByPrefix()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings");

        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "API tokens" }).ClickAsync();
        await tab.Page.Locator("input[data-testid=token-name], [data-testid=token-name] input").FillAsync("deploy script");
        await tab.Page.GetByTestId("create-token").ClickAsync();
        var shown = await tab.Page.GetByTestId("new-token").Locator("code").InnerTextAsync();
        await tab.ScreenshotAsync("settings-token-created");

        Assert.StartsWith("sop_", shown, StringComparison.Ordinal);
        var table = await tab.Page.GetByTestId("tokens-table").InnerTextAsync();
        Assert.Contains("deploy script", table, StringComparison.Ordinal);
        Assert.Contains(shown[..10], table, StringComparison.Ordinal);
        Assert.DoesNotContain(shown, table, StringComparison.Ordinal);

        await tab.Page.ReloadAsync();
        await tab.WaitForInteractiveAsync();
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "API tokens" }).ClickAsync();
        await tab.Page.GetByTestId("tokens-table").WaitForAsync();
        Assert.DoesNotContain(shown, await tab.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AdminSetsTheRoiValuesAndAnalyticsCountsWithThem()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/analytics");
        await tab.Page.GetByTestId("roi-settings-link").ClickAsync();
        await tab.WaitForInteractiveAsync();
        var panel = tab.Page.GetByTestId("roi-settings");
        var currency = panel.Locator("input[data-testid=roi-currency], [data-testid=roi-currency] input");

        await currency.FillAsync("E1");
        await panel.GetByTestId("roi-save").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("roi-error")).ToContainTextAsync("three-letter");

        await currency.FillAsync("EUR");
        await panel.GetByTestId("roi-save").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("roi-reset")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("settings-roi");
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.GotoInteractiveAsync("/settings?tab=roi"); // laid out afresh at phone width
        await tab.Page.GetByTestId("roi-settings").WaitForAsync();
        await tab.ScreenshotAsync("settings-roi-phone");
        Assert.True(await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the page must not scroll sideways on a phone");
        await tab.Page.SetViewportSizeAsync(1440, 900);

        await tab.GotoInteractiveAsync("/analytics");
        await Assertions.Expect(tab.Page.GetByTestId("roi-panel")).ToContainTextAsync("Amounts in EUR");

        // Back to the settings file, for the other tests of this class.
        await tab.GotoInteractiveAsync("/settings?tab=roi");
        await tab.Page.GetByTestId("roi-reset").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("roi-reset")).ToBeHiddenAsync();
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AdminEditsAReplyTemplateWithALivePreviewAndAMistakeIsCaughtBeforeSaving()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings");
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Reply templates" }).ClickAsync();
        var query = tab.Page.GetByTestId("template-query");
        var text = query.Locator("textarea");
        var save = query.GetByTestId("template-save");

        await text.FillAsync("Hi {author}, the {topik} answer is in our FAQ.");
        await Assertions.Expect(query).ToContainTextAsync("Unknown placeholder {topik}");
        await Assertions.Expect(save).ToBeDisabledAsync();

        await text.FillAsync("Hi {author}, the answer about {topic} is in our FAQ.");
        await Assertions.Expect(query.GetByTestId("template-preview")).ToContainTextAsync("Hi Maya, the answer about the grinder is in our FAQ.");
        await save.ClickAsync();
        await Assertions.Expect(query.GetByTestId("template-source")).ToContainTextAsync("edited");
        await tab.ScreenshotAsync("settings-reply-templates");

        await tab.Page.ReloadAsync();
        await tab.WaitForInteractiveAsync();
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Reply templates" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("template-query").Locator("textarea"))
            .ToHaveValueAsync("Hi {author}, the answer about {topic} is in our FAQ.");
        await tab.Page.GetByTestId("template-query").GetByTestId("template-reset").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("template-query").GetByTestId("template-source")).ToContainTextAsync("default wording");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AdminEditsIntentKeywordsAndAnEmptyListIsCaughtBeforeSaving()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings");
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Intent keywords" }).ClickAsync();
        var complaint = tab.Page.GetByTestId("keywords-complaint");
        var text = complaint.Locator("textarea");
        var save = complaint.GetByTestId("keywords-save");
        await Assertions.Expect(complaint.GetByTestId("keywords-source")).ToContainTextAsync("default list");
        await Assertions.Expect(text).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^refund\nbroken\n"));

        await text.FillAsync("  \n ");
        await Assertions.Expect(complaint).ToContainTextAsync("Give at least one keyword or phrase.");
        await Assertions.Expect(save).ToBeDisabledAsync();

        await text.FillAsync("Soggy\nsquashed\nnever arrived");
        await save.ClickAsync();
        await Assertions.Expect(complaint.GetByTestId("keywords-source")).ToContainTextAsync("edited");
        await tab.ScreenshotAsync("settings-intent-keywords");

        // Reloaded at phone width: the saved list is there.
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.Page.ReloadAsync();
        await tab.WaitForInteractiveAsync();
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Intent keywords" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("keywords-complaint").Locator("textarea")).ToHaveValueAsync("soggy\nsquashed\nnever arrived");
        await tab.ScreenshotAsync("settings-intent-keywords-phone");
        await tab.Page.GetByTestId("keywords-complaint").GetByTestId("keywords-reset").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("keywords-complaint").GetByTestId("keywords-source")).ToContainTextAsync("default list");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AuditLogShowsSignIns()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings");

        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Audit log" }).ClickAsync();
        var grid = tab.Page.GetByTestId("audit-grid");
        await Assertions.Expect(grid).ToContainTextAsync("user.signin");
        await tab.ScreenshotAsync("settings-audit");
        Assert.Empty(tab.Errors);
    }
}
