using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Calendar;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Tests.Ai;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>The app pointed at an OpenAI-compatible stand-in, in Chromium.</summary>
public sealed class AiBrowserFixture : BrowserFixture, IAsyncLifetime
{
    public OpenAiStandIn StandIn { get; } = new();

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        StandIn.Dispose();
    }

    protected override void ConfigureApp(SocialOpsAppFactory app)
    {
        foreach (var (key, value) in StandIn.Settings)
        {
            app.Settings[key] = value;
        }
    }
}

public sealed class AiBrowserTests(AiBrowserFixture browser) : IClassFixture<AiBrowserFixture>
{
    private const string Drafted = "Our winter blend is back: cocoa, orange and a hint of spice. Come taste it this weekend! #coffee #winter";

    private static ILocator TextArea(IPage page, string testId) => page.Locator($"textarea[data-testid='{testId}'], [data-testid='{testId}'] textarea").First;

    [Fact]
    public async Task APostWrittenWithAiInTheComposerIsScheduled()
    {
        browser.StandIn.Answers(Drafted);
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(4);
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync($"compose?at={CalendarGrid.DayKey(day)}T10:00");
        var sandbox = tab.Page.GetByTestId("compose-accounts").Locator(".mud-chip", new() { HasText = "Sandbox" });
        if (!(await sandbox.GetAttributeAsync("class"))!.Contains("mud-chip-filled", StringComparison.Ordinal))
        {
            await sandbox.ClickAsync();
        }

        await tab.Page.GetByTestId("compose-ai").ClickAsync();
        var dialog = tab.Page.Locator(".mud-dialog");
        await dialog.GetByTestId("ai-generate").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Write a brief");

        await TextArea(tab.Page, "ai-brief").FillAsync("winter blend is back this weekend");
        await dialog.GetByTestId("ai-generate").ClickAsync();
        await Assertions.Expect(TextArea(tab.Page, "ai-output")).ToHaveValueAsync(Drafted);
        await Assertions.Expect(dialog.GetByTestId("ai-source")).ToContainTextAsync($"OpenAI · {OpenAiStandIn.Model}");
        await Assertions.Expect(dialog.GetByTestId("ai-generate")).ToHaveTextAsync("Regenerate");
        await tab.ScreenshotAsync("compose-ai-draft");
        var request = browser.StandIn.Requests[^1];
        Assert.True(request["stream"]!.GetValue<bool>());
        Assert.Contains("winter blend is back this weekend", request["messages"]![1]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        await TextArea(tab.Page, "ai-output").FillAsync(Drafted + " See you there.");
        await dialog.GetByTestId("ai-use").ClickAsync();
        await Assertions.Expect(TextArea(tab.Page, "compose-text")).ToHaveValueAsync(Drafted + " See you there.");
        await tab.Page.GetByTestId("compose-schedule").ClickAsync();

        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/calendar\\?date="));
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var post = await db.Posts.AsNoTracking().SingleAsync(p => p.Content == Drafted + " See you there.");
        Assert.Equal(PostStatus.Scheduled, post.Status);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task VariationsAndProviderErrorsShowInTheDialogOnAPhone()
    {
        browser.StandIn.Answers("First take. #coffee", "Second take. #coffee", "Third take. #coffee");
        await using var tab = await browser.NewPageAsync();
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.GotoInteractiveAsync("compose");
        await tab.Page.GetByTestId("compose-ai").ClickAsync();
        var dialog = tab.Page.Locator(".mud-dialog");
        await TextArea(tab.Page, "ai-brief").FillAsync("winter blend");
        await dialog.GetByTestId("ai-variations").ClickAsync();

        // Three calls to the provider: on a busy machine they may take longer than the default wait.
        await Assertions.Expect(dialog.GetByTestId("ai-variation")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await tab.ScreenshotAsync("compose-ai-variations-phone");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the dialog scrolls sideways at 390 px");
        await dialog.GetByTestId("ai-pick-1").ClickAsync();
        await Assertions.Expect(TextArea(tab.Page, "ai-output")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("take\\. #coffee$"));

        browser.StandIn.Fails(401, "invalid_api_key", "Incorrect API key provided.");
        await dialog.GetByTestId("ai-generate").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("ai-error")).ToContainTextAsync("refused the API key");
        await Assertions.Expect(TextArea(tab.Page, "ai-output")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("take\\. #coffee$"));
        await tab.ScreenshotAsync("compose-ai-error-phone");

        // A provider that takes its time can be stopped; the earlier draft stays.
        browser.StandIn.AnswersAfter(TimeSpan.FromSeconds(60), "Too late.");
        await dialog.GetByTestId("ai-generate").ClickAsync();
        await dialog.GetByTestId("ai-cancel").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("ai-note")).ToContainTextAsync("Stopped.");
        await Assertions.Expect(dialog.GetByTestId("ai-generate")).ToBeVisibleAsync();
        await Assertions.Expect(TextArea(tab.Page, "ai-output")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("take\\. #coffee$"));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task SettingsStoreAKeyThatIsNeverShownAndTestTheProvider()
    {
        browser.StandIn.Answers("OK");
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("settings");
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "AI" }).ClickAsync();
        var key = tab.Page.Locator("[data-testid='ai-key'] input, input[data-testid='ai-key']").First;
        await key.FillAsync("sk-typed-in-settings-0042");
        await tab.Page.Locator("[data-testid='ai-voice'] textarea, textarea[data-testid='ai-voice']").First.FillAsync("Warm and plain.");
        await tab.Page.GetByTestId("ai-save").ClickAsync();

        await Assertions.Expect(tab.Page.GetByTestId("ai-provider-panel")).ToContainTextAsync("A key is stored");
        await Assertions.Expect(key).ToHaveValueAsync("");
        await tab.Page.GetByTestId("ai-test").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("ai-test-result")).ToContainTextAsync("answered with model");
        Assert.Equal("Bearer sk-typed-in-settings-0042", browser.StandIn.AuthorizationHeaders[^1]);
        await Assertions.Expect(tab.Page.GetByTestId("ai-usage-totals")).ToContainTextAsync("calls");
        await tab.ScreenshotAsync("settings-ai");
        Assert.DoesNotContain("sk-typed-in-settings-0042", await tab.Page.ContentAsync(), StringComparison.Ordinal);

        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.Page.ReloadAsync();
        await tab.WaitForInteractiveAsync();
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "AI" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("ai-usage")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("settings-ai-phone");

        // Another address (not saved here) is announced as taking the stored key away.
        var baseUrl = tab.Page.Locator("[data-testid='ai-base-url'] input, input[data-testid='ai-base-url']").First;
        await baseUrl.FillAsync("https://ai.elsewhere.example/v1");
        await baseUrl.BlurAsync();
        await Assertions.Expect(tab.Page.GetByTestId("ai-key-notice")).ToContainTextAsync("removes the stored API key");
        await tab.Page.GetByTestId("ai-key-notice").ScrollIntoViewIfNeededAsync();
        await tab.Page.ScreenshotAsync(new() { Path = Path.Combine(TestEnvironment.ArtifactsDirectory, "screenshots", "settings-ai-key-notice-phone.png") });
        await tab.Page.SetViewportSizeAsync(1440, 900);
        await tab.ScreenshotAsync("settings-ai-key-notice");
        Assert.Empty(tab.Errors);
    }
}
