using Microsoft.Playwright;

namespace SocialOps.Tests.Browser;

/// <summary>With no provider configured, the composer's drafts come from templates and say so.</summary>
public sealed class AiTemplateBrowserTests(BerlinCalendarFixture browser) : IClassFixture<BerlinCalendarFixture>
{
    [Fact]
    public async Task WithoutAProviderTheDraftComesFromTemplatesAndSaysSo()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.GotoInteractiveAsync("compose");
        var sandbox = tab.Page.GetByTestId("compose-accounts").Locator(".mud-chip", new() { HasText = "Sandbox" });
        await sandbox.WaitForAsync();
        await tab.Page.GetByTestId("compose-ai").ClickAsync();
        var dialog = tab.Page.Locator(".mud-dialog");
        await tab.Page.Locator("[data-testid='ai-brief'] textarea, textarea[data-testid='ai-brief']").First.FillAsync("our winter blend is back");
        await dialog.GetByTestId("ai-generate").ClickAsync();

        await Assertions.Expect(dialog.GetByTestId("ai-source")).ToContainTextAsync("Templates: no AI provider is configured");
        await Assertions.Expect(tab.Page.Locator("[data-testid='ai-output'] textarea, textarea[data-testid='ai-output']").First)
            .ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Our winter blend is back\\."));
        await Assertions.Expect(dialog.GetByTestId("ai-note").First).ToContainTextAsync("built-in templates");
        await tab.ScreenshotAsync("compose-ai-templates-phone");
        Assert.Empty(tab.Errors);
    }
}
