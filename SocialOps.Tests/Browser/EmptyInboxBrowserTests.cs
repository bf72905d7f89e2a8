using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;

namespace SocialOps.Tests.Browser;

/// <summary>An install without demo data, so its inbox starts with no item at all.</summary>
public sealed class EmptyInboxFixture : BrowserFixture
{
    protected override void ConfigureApp(SocialOpsAppFactory app)
    {
    }
}

/// <summary>The first comment to reach an empty inbox replaces "Nothing here" while the page is open.</summary>
public sealed class EmptyInboxBrowserTests(EmptyInboxFixture browser) : IClassFixture<EmptyInboxFixture>
{
    [Fact]
    public async Task ACommentPostedToAnEmptyOpenInboxIsListedWithinFiveSecondsWithoutAReload()
    {
        var (_, postId) = await browser.App.PublishedSandboxPostAsync();
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/inbox");
        await Assertions.Expect(tab.Page.GetByTestId("inbox-list")).ToContainTextAsync("Nothing here");
        await tab.Page.EvaluateAsync("() => window.__notReloaded = true");

        using var client = new HttpClient { BaseAddress = browser.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", browser.App.TokenFor(Roles.Editor));
        using var response = await client.PostAsJsonAsync("/api/sandbox/comments", new { postId, author = "Robin", text = $"Is anyone there? {Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await Assertions.Expect(tab.Page.Locator($"[data-interaction-id='{id}']")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Assertions.Expect(tab.Page.GetByTestId("inbox-list")).Not.ToContainTextAsync("Nothing here");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        await tab.ScreenshotAsync("inbox-empty-arrival-desktop");
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.ScreenshotAsync("inbox-empty-arrival-phone");
        Assert.Empty(tab.Errors);
    }
}
