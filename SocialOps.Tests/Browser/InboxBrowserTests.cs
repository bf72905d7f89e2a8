using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Common;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;

namespace SocialOps.Tests.Browser;

/// <summary>The inbox in Chromium over the demo data: live arrivals, replies seen in a second inbox, filters, markup as text.</summary>
public sealed class InboxBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Complaint = "My order arrived broken and nobody answers my emails, this is terrible";

    private async Task<long> CommentAsync(int postId, string text, string author = "Robin")
    {
        var (id, problem) = await browser.App.Services.GetRequiredService<SandboxComments>().AddAsync(postId, author, text, Actor.System, CancellationToken.None);
        Assert.Null(problem);
        return id!.Value;
    }

    private static async Task SearchAsync(BrowserPage tab, string text)
    {
        await tab.Page.GetByLabel("Search").FillAsync(text);
        await Assertions.Expect(tab.Page.GetByTestId("inbox-list")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ASandboxCommentAppearsInAnOpenInboxWithinTwoSeconds()
    {
        var (_, postId) = await browser.App.PublishedSandboxPostAsync();
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/inbox");
        await Assertions.Expect(tab.Page.Locator("[data-interaction-id]").First).ToBeVisibleAsync();

        var id = await CommentAsync(postId, $"{Complaint} {Guid.NewGuid():N}");

        var item = tab.Page.Locator($"[data-interaction-id='{id}']");
        await Assertions.Expect(item).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Assertions.Expect(item).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("so-arrived"));
        await tab.ScreenshotAsync("inbox-live-arrival");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AnAnalystWhoPressesJThenEChangesNothing()
    {
        var (_, postId) = await browser.App.PublishedSandboxPostAsync();
        await CommentAsync(postId, $"{Complaint} {Guid.NewGuid():N}");
        var analyst = ($"analyst-{Guid.NewGuid():N}@socialops.test", $"Analyst-{Guid.NewGuid():N}1");
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            var (user, problems) = await scope.ServiceProvider.GetRequiredService<Core.Identity.UserService>()
                .CreateAsync(analyst.Item1, analyst.Item2, Core.Identity.Roles.Analyst, Core.Common.Actor.System);
            Assert.True(user is not null, string.Join(" ", problems));
        }

        await using var tab = await browser.NewAnonymousPageAsync();
        await tab.SignInAsync(analyst.Item1, analyst.Item2);
        await tab.GotoInteractiveAsync("/inbox");
        var first = tab.Page.Locator("[data-interaction-id]").First;
        await Assertions.Expect(first).ToHaveAttributeAsync("data-state", "open");
        var firstId = await first.GetAttributeAsync("data-interaction-id");

        await tab.Page.GetByTestId("inbox").PressAsync("j");
        await tab.Page.GetByTestId("inbox").PressAsync("e");

        await Assertions.Expect(tab.Page.GetByTestId("inbox-message")).ToContainTextAsync("needs the Editor role");
        await Assertions.Expect(tab.Page.Locator($"[data-interaction-id='{firstId}']")).ToHaveAttributeAsync("data-state", "open");
        Assert.Equal(HandledState.Open, await browser.App.DbAsync(db => db.Interactions.Where(i => i.Id == long.Parse(firstId!, System.Globalization.CultureInfo.InvariantCulture)).Select(i => i.State).SingleAsync()));
        await tab.ScreenshotAsync("inbox-analyst-keys");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task ReplyingWithTheSuggestedTextSendsOneSandboxReplyAndASecondInboxSeesItReplied()
    {
        var (_, postId) = await browser.App.PublishedSandboxPostAsync();
        var tag = Guid.NewGuid().ToString("N")[..12];
        // The tag goes in the author's name, so the text the engine reads is the same in every run.
        var id = await CommentAsync(postId, Complaint, $"Robin {tag}");
        var suggested = await browser.App.DbAsync(db => db.SentimentResults.Where(s => s.InteractionId == id).Select(s => s.SuggestedReply).SingleAsync());
        Assert.False(string.IsNullOrEmpty(suggested), "the engine suggests a reply for this complaint");
        await using var first = await browser.NewPageAsync();
        await using var second = await browser.NewPageAsync();
        foreach (var tab in new[] { first, second })
        {
            await tab.GotoInteractiveAsync("/inbox");
            await SearchAsync(tab, tag);
            await Assertions.Expect(tab.Page.Locator("[data-interaction-id]")).ToHaveCountAsync(1);
        }

        await first.Page.Locator($"[data-interaction-id='{id}']").ClickAsync();
        await Assertions.Expect(first.Page.GetByTestId("reply-text")).ToHaveValueAsync(suggested!);
        await first.ScreenshotAsync("inbox-detail");
        await first.Page.GetByTestId("send-reply").ClickAsync();

        await Assertions.Expect(second.Page.Locator($"[data-interaction-id='{id}']")).ToHaveAttributeAsync("data-state", "replied");
        await Assertions.Expect(first.Page.GetByTestId("sent-reply")).ToContainTextAsync(suggested!);
        var replies = await browser.App.DbAsync(db => db.SandboxReplies.Where(r => r.InteractionId == id).ToListAsync());
        Assert.Equal(suggested, Assert.Single(replies).Text);
        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
    }

    [Fact]
    public async Task DraftWithAiFillsTheReplyBoxAndSendsNothing()
    {
        var (_, postId) = await browser.App.PublishedSandboxPostAsync();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var id = await CommentAsync(postId, $"Do you ship your beans to Canada? {tag}", "Sam");
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/inbox");
        await SearchAsync(tab, tag);
        await tab.Page.Locator($"[data-interaction-id='{id}']").ClickAsync();
        await tab.Page.GetByTestId("reply-text").FillAsync("");

        await tab.Page.GetByTestId("reply-ai").ClickAsync();

        // No model is set up here: the offline template writes it, and the page says so.
        await Assertions.Expect(tab.Page.GetByTestId("reply-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Sam"));
        await Assertions.Expect(tab.Page.GetByTestId("inbox-message")).ToContainTextAsync("template");
        Assert.Equal(0, await browser.App.DbAsync(db => db.SandboxReplies.CountAsync(r => r.InteractionId == id)));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task FiltersAndSearchNarrowTheList()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var now = TimeProvider.System.GetUtcNow();
        await browser.App.CommentAsync($"{tag} is it vegan?", Intent.Query, SentimentLabel.Neutral, now);
        await browser.App.CommentAsync($"{tag} cold again", Intent.Complaint, SentimentLabel.Negative, now);
        var handled = await browser.App.CommentAsync($"{tag} thanks", Intent.Praise, SentimentLabel.Positive, now, HandledState.Dismissed);
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/inbox");
        var items = tab.Page.Locator("[data-interaction-id]");
        var before = await items.CountAsync();

        await SearchAsync(tab, tag);
        await Assertions.Expect(items).ToHaveCountAsync(2); // open is the default
        await tab.Page.GetByTestId("filter-state-all").ClickAsync();
        await Assertions.Expect(items).ToHaveCountAsync(3);
        await tab.Page.GetByTestId("filter-state-handled").ClickAsync();
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(tab.Page.Locator($"[data-interaction-id='{handled}']")).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.GetByTestId("filter-state-handled")).ToContainTextAsync("1");

        Assert.True(before > 3, "the demo's open items were listed before the search");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task MarkupInACommentRendersAsText()
    {
        var (_, postId) = await browser.App.PublishedSandboxPostAsync();
        const string payload = "<img src=x onerror=alert(1)>";
        var id = await CommentAsync(postId, payload, author: "<b id=\"xss-author\">Mallory</b>");
        await using var tab = await browser.NewPageAsync();
        var dialogs = 0;
        tab.Page.Dialog += (_, d) =>
        {
            dialogs++;
            _ = d.DismissAsync();
        };
        await tab.GotoInteractiveAsync("/inbox");
        await SearchAsync(tab, "onerror");
        var item = tab.Page.Locator($"[data-interaction-id='{id}']");

        await Assertions.Expect(item.GetByTestId("comment-text")).ToHaveTextAsync(payload);
        await item.ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("detail-text")).ToHaveTextAsync(payload);

        Assert.Equal(0, await tab.Page.Locator("[data-testid='inbox'] img[src='x']").CountAsync());
        Assert.Equal(0, await tab.Page.Locator("#xss-author").CountAsync());
        Assert.Equal(0, dialogs);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task TheInboxFitsAPhoneAndTheDesktop()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/inbox");
        await tab.Page.Locator("[data-interaction-id]").First.ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("inbox-detail")).ToBeVisibleAsync();
        await tab.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestEnvironment.ArtifactsDirectory, "screenshots", "inbox-desktop.png") });

        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.GotoInteractiveAsync("/inbox");
        await Assertions.Expect(tab.Page.Locator("[data-interaction-id]").First).ToBeVisibleAsync();
        await tab.ScreenshotAsync("inbox-phone");
        var sideways = await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(sideways, "the inbox scrolls sideways at 390 px");
        Assert.Empty(tab.Errors);
    }
}
