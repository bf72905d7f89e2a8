using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>An Approver's bell: a post submitted for approval shows on it live, the centre lists it, and marking it read clears the count.</summary>
public sealed class NotificationCentreBrowserTests(NotificationCentreBrowserTests.Fixture browser) : IClassFixture<NotificationCentreBrowserTests.Fixture>
{
    public sealed class Fixture : BrowserFixture
    {
        protected override void ConfigureApp(SocialOpsAppFactory app)
        {
            app.Settings["Scheduling:Enabled"] = "false";
            app.Settings["Workflow:RequireApproval"] = "true";
        }
    }

    [Fact]
    public async Task AnApproverSeesAWaitingPostOnTheBellOpensTheCentreAndMarksItRead()
    {
        const string email = "ava@socialops.test";
        var password = $"Approver-{Guid.NewGuid():N}";
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(email, password, Roles.Approver, Actor.System);
            Assert.True(user is not null, string.Join(" ", errors));
        }

        await using var tab = await browser.NewAnonymousPageAsync();
        await tab.SignInAsync(email, password);
        var bell = tab.Page.GetByTestId("notification-bell");
        await Assertions.Expect(bell).ToBeVisibleAsync();
        await Assertions.Expect(bell.Locator(".mud-badge")).ToHaveCountAsync(0);

        var due = TimeProvider.System.GetUtcNow().AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var (_, problems) = await browser.App.Services.GetRequiredService<SchedulingService>()
            .ScheduleAsync(new ScheduleRequest("sandbox", "Winter blend is back", due, "UTC"), new Actor("ed@socialops.test", "user-ed", Access: Access.Editor));
        Assert.Empty(problems);

        await Assertions.Expect(bell.Locator(".mud-badge")).ToHaveTextAsync("1");
        await bell.GetByTestId("notification-bell-button").ClickAsync();
        var menu = tab.Page.GetByTestId("notification-menu");
        await Assertions.Expect(menu.GetByTestId("notification-item")).ToContainTextAsync("waits for approval");
        await tab.ScreenshotAsync("notification-bell-open");

        await menu.GetByTestId("notification-mark-all").ClickAsync();
        await Assertions.Expect(bell.Locator(".mud-badge")).ToHaveCountAsync(0);
        await Assertions.Expect(menu.GetByTestId("notification-item")).ToHaveAttributeAsync("data-read", "true");

        await tab.GotoInteractiveAsync("notifications");
        await Assertions.Expect(tab.Page.GetByTestId("centre-item")).ToHaveAttributeAsync("data-read", "true");
        await Assertions.Expect(tab.Page.GetByTestId("centre-unread")).ToContainTextAsync("0 unread");
        await Assertions.Expect(tab.Page.Locator("[data-testid=preference-row][data-event='approval.waiting']")).ToBeVisibleAsync();
        Assert.Empty(tab.Errors);
    }
}
