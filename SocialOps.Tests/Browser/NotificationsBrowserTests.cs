using Microsoft.Playwright;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Notifications;

namespace SocialOps.Tests.Browser;

/// <summary>Settings → Notifications: an Admin adds a webhook channel, sends it a test, sees a refused address explained, and removes it.</summary>
public sealed class NotificationsBrowserTests(NotificationsBrowserTests.Fixture browser) : IClassFixture<NotificationsBrowserTests.Fixture>
{
    public sealed class Fixture : BrowserFixture
    {
        public NotificationStandIns StandIns { get; } = new();

        protected override void ConfigureApp(SocialOpsAppFactory app) => StandIns.Apply(app);

        protected override Task StopServicesAsync()
        {
            StandIns.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task AnAdminAddsAWebhookChannelSendsATestAndSeesARefusedAddressExplained()
    {
        var url = browser.StandIns.Accept("/settings-panel");
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings?tab=notifications");
        var panel = tab.Page.GetByTestId("notifications-panel");
        await Assertions.Expect(panel.GetByTestId("no-channels")).ToBeVisibleAsync();

        await panel.GetByTestId("channel-name").FillAsync("Metadata");
        await panel.GetByTestId("channel-url").FillAsync("https://169.254.169.254/hook");
        await panel.GetByTestId("channel-add").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("channel-add-error")).ToContainTextAsync("Link-local");

        await panel.GetByTestId("channel-name").FillAsync("Ops chat");
        await panel.GetByTestId("channel-url").FillAsync(url);
        await panel.GetByTestId("channel-add").ClickAsync();
        var row = panel.GetByTestId("channel-row").Filter(new() { HasText = "Ops chat" });
        await Assertions.Expect(row).ToContainTextAsync("post.failed");

        await row.GetByTestId("channel-test").ClickAsync();
        await Assertions.Expect(tab.Page.GetByText("Test sent to \"Ops chat\".")).ToBeVisibleAsync();
        var test = Assert.Single(browser.StandIns.Received("/settings-panel"));
        Assert.Equal("test", (string)test["event"]!);
        await tab.ScreenshotAsync("settings-notifications");

        await row.GetByTestId("channel-remove").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("no-channels")).ToBeVisibleAsync();
        Assert.Empty(tab.Errors);
    }
}
