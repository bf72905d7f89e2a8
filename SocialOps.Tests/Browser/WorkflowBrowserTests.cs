using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>The demo with approvals required for Editors.</summary>
public sealed class WorkflowFixture : BrowserFixture
{
    protected override void ConfigureApp(SocialOpsAppFactory app)
    {
        base.ConfigureApp(app);
        app.Settings["Workflow:RequireApproval"] = "true";
    }
}

public sealed class WorkflowBrowserTests(WorkflowFixture browser) : IClassFixture<WorkflowFixture>
{
    private static readonly Actor AnEditor = new("editor@socialops.test", Access: Access.Editor);

    private async Task<SocialOpsDbContext> DbAsync() =>
        await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();

    /// <summary>
    /// The fixed file keeps its name, as it does when someone corrects it in a spreadsheet and saves: choosing it again
    /// checks it again. Confirming passes an idempotency key, so a retried confirmation schedules nothing twice.
    /// </summary>
    [Fact]
    public async Task AFileWithABadRowIsReportedThenFixedUnderTheSameNameAndImported()
    {
        var sample = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "sample-posts.csv"));
        var broken = sample.Replace("2027-02-03 13:00", "2020-02-03 13:00", StringComparison.Ordinal);
        Assert.NotEqual(sample, broken);
        using var files = new TempDirectory();
        var path = Path.Combine(files.Path, "plan.csv");
        await File.WriteAllTextAsync(path, broken);

        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/posts");
        await tab.Page.Locator("[data-action='import']").ClickAsync();
        await tab.SetInputFilesAsync(tab.Page.Locator("input[data-testid='import-file']"), i => i.SetInputFilesAsync(path));

        var report = tab.Page.GetByTestId("import-errors");
        await Assertions.Expect(report.Locator("tr[data-row='3']")).ToContainTextAsync("in the past");
        await Assertions.Expect(report.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(tab.Page.GetByTestId("import-confirm")).ToBeDisabledAsync();
        await tab.ScreenshotAsync("import-report");

        await File.WriteAllTextAsync(path, sample);
        await tab.SetInputFilesAsync(tab.Page.Locator("input[data-testid='import-file']"), i => i.SetInputFilesAsync(path));
        await Assertions.Expect(tab.Page.GetByTestId("import-summary")).ToContainTextAsync("All 6 rows are valid");
        await Assertions.Expect(tab.Page.GetByTestId("import-errors")).ToHaveCountAsync(0);
        await Assertions.Expect(tab.Page.GetByTestId("import-confirm")).ToBeEnabledAsync();
        await tab.Page.GetByTestId("import-confirm").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("import-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(tab.Page.GetByText("Imported 6 posts.")).ToBeVisibleAsync();

        await using var db = await DbAsync();
        Assert.Equal(1, await db.Posts.CountAsync(p => p.Content == "Latte art Friday: show us yours." && p.Status == PostStatus.Scheduled));
        Assert.Equal(6, await db.AuditEntries.CountAsync(a => a.Action == "post.import"));
        var receipt = await db.ImportReceipts.SingleAsync();
        Assert.Equal(6, receipt.Scheduled);
        Assert.True(Guid.TryParse(receipt.Key, out _));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AnApproverApprovesAnEditorsPostFromTheReviewList()
    {
        var scheduling = browser.App.Services.GetRequiredService<SchedulingService>();
        var due = TimeProvider.System.GetUtcNow().AddDays(3).ToString("yyyy-MM-dd'T'HH:00:00'Z'", CultureInfo.InvariantCulture);
        var (result, errors) = await scheduling.ScheduleAsync(new ScheduleRequest("sandbox", "Waiting for a reviewer's yes", due), AnEditor);
        Assert.True(result is not null, string.Join(" ", errors.SelectMany(e => e.Value)));
        Assert.Equal(nameof(PostStatus.PendingApproval), result!.Status);

        var approver = ("approver@socialops.test", $"Approver-{Guid.NewGuid():N}1");
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            var (user, problems) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(approver.Item1, approver.Item2, Roles.Approver, Actor.System);
            Assert.True(user is not null, string.Join(" ", problems));
        }

        await using var tab = await browser.NewAnonymousPageAsync();
        await tab.SignInAsync(approver.Item1, approver.Item2);
        await tab.Page.GetByTestId("nav-review").ClickAsync();
        var card = tab.Page.Locator($"[data-testid='review-list'] [data-post-id='{result.Id}']");
        await Assertions.Expect(card).ToContainTextAsync("Waiting for a reviewer's yes");
        await tab.ScreenshotAsync("review-list");
        await card.Locator("[data-action='approve']").ClickAsync();

        await Assertions.Expect(card).ToHaveCountAsync(0);
        await using var db = await DbAsync();
        var post = await db.Posts.SingleAsync(p => p.Id == result.Id);
        Assert.Equal(PostStatus.Scheduled, post.Status);
        var key = result.Id.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(approver.Item1, (await db.AuditEntries.SingleAsync(a => a.Action == "post.approve" && a.EntityId == key)).Actor);
        await Assertions.Expect(tab.Page.GetByTestId("nav-drafts")).ToBeVisibleAsync(); // an Approver also writes
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToHaveCountAsync(0); // but does not administer
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task TheAuthorHearsThatTheirPostWasSentBackAndFindsItInDrafts()
    {
        var editor = ("author@socialops.test", $"Author-{Guid.NewGuid():N}1");
        string authorId;
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            var (user, problems) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(editor.Item1, editor.Item2, Roles.Editor, Actor.System);
            Assert.True(user is not null, string.Join(" ", problems));
            authorId = user!.Id;
        }

        var due = TimeProvider.System.GetUtcNow().AddDays(4).ToString("yyyy-MM-dd'T'HH:00:00'Z'", CultureInfo.InvariantCulture);
        var (result, _) = await browser.App.Services.GetRequiredService<SchedulingService>()
            .ScheduleAsync(new ScheduleRequest("sandbox", "Needs another look", due), new Actor(editor.Item1, authorId, Access: Access.Editor));
        Assert.Equal(nameof(PostStatus.PendingApproval), result!.Status);

        await using var tab = await browser.NewAnonymousPageAsync();
        await tab.SignInAsync(editor.Item1, editor.Item2);
        await tab.Page.GetByTestId("nav-drafts").ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Drafts" })).ToBeVisibleAsync();

        var approvals = browser.App.Services.GetRequiredService<SocialOps.Core.Workflow.Approvals>();
        var version = (await approvals.PendingAsync()).Single(i => i.Id == result.Id).Version;
        await approvals.RejectAsync(result.Id, new SocialOps.Core.Workflow.RejectRequest(version, "Say which shop"), new Actor("reviewer@socialops.test", Access: Access.Approver));

        await Assertions.Expect(tab.Page.GetByText("reviewer@socialops.test sent your post back: Say which shop")).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.Locator($"[data-draft-id='{result.Id}'] [data-testid='review-comment']")).ToContainTextAsync("Say which shop");
        await tab.ScreenshotAsync("drafts-sent-back");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AnUnscheduledDraftIsDraggedFromTheTrayOntoADay()
    {
        var planner = browser.App.Services.GetRequiredService<PostPlanner>();
        var (id, errors) = await planner.SaveDraftAsync(new ScheduleRequest("sandbox", "An idea for later, no time yet", null), Actor.System);
        Assert.True(id is not null, string.Join(" ", errors.SelectMany(e => e.Value)));
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(10);

        await using var tab = await browser.NewPageAsync("Etc/UTC");
        await tab.GotoInteractiveAsync($"calendar?view=month&date={CalendarGrid.DayKey(day)}");
        var chip = tab.Page.Locator($"[data-testid='draft-tray'] [data-post-id='{id}']");
        await Assertions.Expect(chip).ToBeVisibleAsync();
        await tab.ScreenshotAsync("calendar-draft-tray");
        await tab.DragAsync(chip, tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(day)}']"));

        await Assertions.Expect(tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(day)}'] [data-post-id='{id}']")).ToBeVisibleAsync();
        await using var db = await DbAsync();
        var draft = await db.Posts.SingleAsync(p => p.Id == id);
        Assert.Equal(PostStatus.Draft, draft.Status);
        Assert.NotNull(draft.ScheduledFor);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task SlotsSuggestedInSettingsTakeAPostAddedToTheQueueFromTheComposer()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("settings");
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Connections" }).ClickAsync();
        var mastodon = tab.Page.Locator("[data-testid='connection']", new() { HasText = "behaves as mastodon" }).GetByTestId("queue-settings");
        await mastodon.GetByTestId("slot-suggest").ClickAsync();
        await Assertions.Expect(mastodon.Locator("[data-slot]")).ToHaveCountAsync(11); // weekdays at two hours, and Saturday
        await mastodon.GetByTestId("slot-save").ClickAsync();
        await Assertions.Expect(tab.Page.GetByText("Queue slots saved")).ToBeVisibleAsync();
        var accountId = int.Parse(await mastodon.GetAttributeAsync("data-account-id") ?? "", CultureInfo.InvariantCulture);

        await tab.GotoInteractiveAsync("compose");
        await tab.Page.Locator($"[data-account='a{accountId}']").ClickAsync();
        await tab.Page.Locator("textarea[data-testid='compose-text'], [data-testid='compose-text'] textarea").First.FillAsync("Queued from the composer");
        await tab.Page.GetByTestId("compose-queue").ClickAsync();

        await Assertions.Expect(tab.Page.GetByText("Queued for")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/queue\\?account={accountId}$"), new() { Timeout = 20_000 });
        var item = tab.Page.GetByTestId("queue-list").Locator("[data-post-id]", new() { HasText = "Queued from the composer" });
        await Assertions.Expect(item).ToBeVisibleAsync();
        await tab.ScreenshotAsync("queue-list");
        await using var db = await DbAsync();
        var post = await db.Posts.SingleAsync(p => p.Content == "Queued from the composer");
        Assert.True(post.InQueue);
        Assert.Equal(PostStatus.Scheduled, post.Status); // an Admin needs no approval
        Assert.Empty(tab.Errors);
    }

    [Theory]
    [InlineData("posts")]
    [InlineData("drafts")]
    [InlineData("queue")]
    [InlineData("review")]
    [InlineData("calendar")]
    [InlineData("settings")]
    [InlineData("compose")]
    public async Task WorkflowPagesFitAPhone(string path)
    {
        await using var tab = await browser.NewPageAsync();
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.GotoInteractiveAsync(path);
        if (path == "posts")
        {
            await tab.Page.Locator("[data-action='import']").ClickAsync();
            await Assertions.Expect(tab.Page.GetByTestId("import-dialog")).ToBeVisibleAsync();
        }
        else if (path == "settings")
        {
            await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Connections" }).ClickAsync();
            await Assertions.Expect(tab.Page.GetByTestId("queue-settings").First).ToBeVisibleAsync();
        }

        await tab.ScreenshotAsync($"phone-{path.Split('?')[0]}");
        var overflow = await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 1, $"{path} scrolls sideways by {overflow}px at 390 px");
    }
}
