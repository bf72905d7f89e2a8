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

/// <summary>An empty install whose admin reads times in Europe/Berlin.</summary>
public sealed class BerlinCalendarFixture : BrowserFixture
{
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    protected override void ConfigureApp(SocialOpsAppFactory app)
    {
    }

    public async Task UseBerlinAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var id = await db.Users.Where(u => u.Email == Admin.Email).Select(u => u.Id).SingleAsync();
        Assert.Null(await App.Services.GetRequiredService<UserPreferences>().SetTimeZoneAsync(new Actor("person", id, Access: Access.Analyst), "Europe/Berlin"));
    }
}

public sealed class CalendarBrowserTests(BerlinCalendarFixture browser) : IClassFixture<BerlinCalendarFixture>, IAsyncLifetime
{
    private static readonly TimeZoneInfo Berlin = BerlinCalendarFixture.Berlin;

    public Task InitializeAsync() => browser.UseBerlinAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A Wednesday at least two days ahead, <paramref name="weeks"/> weeks later: its Thursday and Friday share its week row.</summary>
    private static DateOnly Wednesday(int weeks)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), Berlin).DateTime).AddDays(2);
        while (day.DayOfWeek != DayOfWeek.Wednesday)
        {
            day = day.AddDays(1);
        }

        return day.AddDays(7 * weeks);
    }

    private static DateTimeOffset Berlin10(DateOnly day) => CalendarGrid.LandAt(day.ToDateTime(new TimeOnly(10, 0)), Berlin).At;

    private async Task<int> ScheduleAsync(string text, DateTimeOffset at)
    {
        var (result, errors) = await browser.App.Services.GetRequiredService<SchedulingService>().ScheduleAsync(
            new ScheduleRequest("sandbox", text, at.UtcDateTime.ToString("O")), Actor.System);
        Assert.True(result is not null, string.Join(" ", errors.SelectMany(e => e.Value)));
        return result.Id;
    }

    private async Task<Post> PostAsync(int id)
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return await db.Posts.AsNoTracking().Include(p => p.Schedule).SingleAsync(p => p.Id == id);
    }

    private Task<DateTimeOffset?> TriggerAsync(int id) =>
        browser.App.Services.GetRequiredService<PostTriggers>().FireTimeAsync(id);

    /// <summary>Waits (on events, polling the database) until the post is due at <paramref name="expected"/>.</summary>
    private async Task WaitForTimeAsync(int id, DateTimeOffset expected)
    {
        for (var i = 0; i < 100 && (await PostAsync(id)).ScheduledFor != expected; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(expected, (await PostAsync(id)).ScheduledFor);
        Assert.Equal(expected, await TriggerAsync(id));
    }

    /// <summary>
    /// Opens a week and waits for it to scroll to the morning, as it does once after its first render: a drag that starts
    /// before then would lose its target when the grid scrolls under it.
    /// </summary>
    private static async Task OpenWeekAsync(BrowserPage tab, string path)
    {
        await tab.GotoInteractiveAsync(path);
        await tab.Page.WaitForFunctionAsync("() => document.querySelector('.so-cal-week-scroll')?.scrollTop > 0");
    }

    private static ILocator Chip(BrowserPage tab, int id) => tab.Page.Locator($"[data-post-id='{id}']");

    [Fact]
    public async Task DraggingAChipToAnotherDayAndThenToAWeekSlotMovesThePostAndItsTrigger()
    {
        var wednesday = Wednesday(0);
        var id = await ScheduleAsync("Dragged across the month", Berlin10(wednesday));
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync($"calendar?view=month&date={CalendarGrid.DayKey(wednesday)}");

        await tab.DragAsync(Chip(tab, id), tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(wednesday.AddDays(1))}']"));

        await Assertions.Expect(tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(wednesday.AddDays(1))}'] [data-post-id='{id}']")).ToBeVisibleAsync();
        await WaitForTimeAsync(id, Berlin10(wednesday.AddDays(1)));

        await OpenWeekAsync(tab, $"calendar?view=week&date={CalendarGrid.DayKey(wednesday)}");
        var slot = wednesday.AddDays(2).ToDateTime(new TimeOnly(12, 30));
        await tab.DragAsync(Chip(tab, id), tab.Page.Locator($"[data-slot='{CalendarGrid.SlotKey(slot)}']"));

        await Assertions.Expect(tab.Page.Locator($"[data-slot='{CalendarGrid.SlotKey(slot)}'] [data-post-id='{id}']")).ToBeVisibleAsync();
        await WaitForTimeAsync(id, CalendarGrid.LandAt(slot, Berlin).At);
        await using (var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "post.reschedule" && a.EntityId == id.ToString()));
        }

        // Undo puts it back where it was before the last move.
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await WaitForTimeAsync(id, Berlin10(wednesday.AddDays(1)));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task OnlyTheLatestMoveOffersUndoAndTheOfferGoesAwayByItself()
    {
        var wednesday = Wednesday(0);
        var id = await ScheduleAsync("Moved twice in a row", Berlin10(wednesday));
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync($"calendar?view=month&date={CalendarGrid.DayKey(wednesday)}");

        foreach (var days in new[] { 1, 2 })
        {
            var day = $"[data-date='{CalendarGrid.DayKey(wednesday.AddDays(days))}']";
            await tab.DragAsync(Chip(tab, id), tab.Page.Locator(day));
            await Assertions.Expect(tab.Page.Locator($"{day} [data-post-id='{id}']")).ToBeVisibleAsync();
        }

        var undo = tab.Page.GetByRole(AriaRole.Button, new() { Name = "Undo" });
        await Assertions.Expect(undo).ToHaveCountAsync(1);
        await Assertions.Expect(undo).ToHaveCountAsync(0, new() { Timeout = SocialOps.Web.Components.Pages.Calendar.Calendar.UndoMilliseconds + 10_000 });
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task ADropOnThePastSpringsBackWithAReason()
    {
        var now = TimeProvider.System.GetUtcNow();
        var due = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddMinutes(20);
        var id = await ScheduleAsync("Cannot go back in time", due);
        // The same row a day earlier (a short drag at any hour, also when the two sides of midnight are a whole grid
        // apart); on a Monday, the slot before now.
        var home = CalendarGrid.SlotOf(due, Berlin);
        var past = DateOnly.FromDateTime(home).DayOfWeek != DayOfWeek.Monday ? home.AddDays(-1) : CalendarGrid.SlotOf(now, Berlin).AddMinutes(-CalendarGrid.SlotMinutes);
        await using var tab = await browser.NewPageAsync();
        await OpenWeekAsync(tab, $"calendar?view=week&date={CalendarGrid.DayKey(CalendarGrid.LocalDate(due, Berlin))}");

        await tab.DragAsync(Chip(tab, id), tab.Page.Locator($"[data-slot='{CalendarGrid.SlotKey(past)}']"));

        await Assertions.Expect(tab.Page.Locator(".mud-snackbar", new() { HasText = "already passed" })).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.Locator($"[data-slot='{CalendarGrid.SlotKey(home)}'] [data-post-id='{id}']")).ToBeVisibleAsync();
        Assert.Equal(due, (await PostAsync(id)).ScheduledFor);
        Assert.Equal(due, await TriggerAsync(id));
    }

    [Fact]
    public async Task TheKeyboardMovesAChipByADayAndEscapeLeavesItAlone()
    {
        var wednesday = Wednesday(1);
        var id = await ScheduleAsync("Moved with the keyboard", Berlin10(wednesday));
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync($"calendar?view=month&date={CalendarGrid.DayKey(wednesday)}");

        await Chip(tab, id).FocusAsync();
        await tab.Page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(tab.Page.GetByTestId("keyboard-move")).ToBeVisibleAsync();
        await tab.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(tab.Page.GetByTestId("keyboard-move")).ToBeHiddenAsync();
        Assert.Equal(Berlin10(wednesday), (await PostAsync(id)).ScheduledFor);

        await Chip(tab, id).FocusAsync();
        await tab.Page.Keyboard.PressAsync("ArrowRight");
        await tab.Page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(wednesday.AddDays(2))}'].so-cal-target")).ToBeVisibleAsync();
        await tab.Page.Keyboard.PressAsync("Enter");

        await WaitForTimeAsync(id, Berlin10(wednesday.AddDays(2)));
        await Assertions.Expect(tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(wednesday.AddDays(2))}'] [data-post-id='{id}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ASecondBrowserSeesAMoveWithinTwoSeconds()
    {
        var wednesday = Wednesday(2);
        var id = await ScheduleAsync("Seen elsewhere", Berlin10(wednesday));
        await using var mover = await browser.NewPageAsync();
        await using var watcher = await browser.NewPageAsync();
        var path = $"calendar?view=month&date={CalendarGrid.DayKey(wednesday)}";
        await mover.GotoInteractiveAsync(path);
        await watcher.GotoInteractiveAsync(path);
        await Assertions.Expect(Chip(watcher, id)).ToBeVisibleAsync();

        await mover.DragAsync(Chip(mover, id), mover.Page.Locator($"[data-date='{CalendarGrid.DayKey(wednesday.AddDays(1))}']"));
        await WaitForTimeAsync(id, Berlin10(wednesday.AddDays(1)));

        await Assertions.Expect(watcher.Page.Locator($"[data-date='{CalendarGrid.DayKey(wednesday.AddDays(1))}'] [data-post-id='{id}']"))
            .ToBeVisibleAsync(new() { Timeout = 2_000 });
    }

    [Fact]
    public async Task DraggingAnOccurrenceAsksAndMovesTheWholeSeriesWhenAskedTo()
    {
        var (result, errors) = await browser.App.Services.GetRequiredService<SchedulingService>().ScheduleAsync(
            new ScheduleRequest("sandbox", "Weekly roast notes", null, "Europe/Berlin", RecurrencePattern: "0 10 * * 3", MaxOccurrences: 20), Actor.System);
        Assert.True(result is not null, string.Join(" ", errors.SelectMany(e => e.Value)));
        var first = CalendarGrid.LocalDate(result.NextRunUtc!.Value, Berlin);
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync($"calendar?view=month&date={CalendarGrid.DayKey(first)}");
        // The next occurrence is a post; the ones after it are projected from the pattern.
        await Assertions.Expect(tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(first.AddDays(7))}'] [data-series-id='{(await PostAsync(result.Id)).ScheduleId}']")).ToBeVisibleAsync();

        await tab.DragAsync(Chip(tab, result.Id), tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(first.AddDays(1))}']"));
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Whole series" }).ClickAsync();

        await WaitForTimeAsync(result.Id, Berlin10(first.AddDays(1)));
        // The pattern is saved once the pending post has moved.
        for (var i = 0; i < 100 && (await PostAsync(result.Id)).Schedule!.CronExpression != "0 10 * * 4"; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal("0 10 * * 4", (await PostAsync(result.Id)).Schedule!.CronExpression);
        await Assertions.Expect(tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(first.AddDays(8))}'] .so-chip.projected")).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(first.AddDays(7))}'] .so-chip.projected")).ToHaveCountAsync(0);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task ThePostPanelPublishesNowAndCancels()
    {
        var wednesday = Wednesday(3);
        var publish = await ScheduleAsync("Panel: publish me now", Berlin10(wednesday));
        var cancel = await ScheduleAsync("Panel: cancel me", Berlin10(wednesday).AddHours(2));
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync($"calendar?view=month&date={CalendarGrid.DayKey(wednesday)}");

        await Chip(tab, publish).ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("panel-text")).ToHaveTextAsync("Panel: publish me now");
        await Assertions.Expect(tab.Page.GetByTestId("panel-time")).ToContainTextAsync("10:00");
        await tab.Page.GetByTestId("panel-publish-now").ClickAsync();
        for (var i = 0; i < 200 && (await PostAsync(publish)).Status != PostStatus.Published; i++)
        {
            await Task.Delay(100);
        }

        // Sent early, it goes on the record at the time it went out: today.
        Assert.Equal(PostStatus.Published, (await PostAsync(publish)).Status);
        await tab.GotoInteractiveAsync("calendar?view=month");
        await Assertions.Expect(tab.Page.Locator($"[data-post-id='{publish}'][data-status='published']")).ToBeVisibleAsync();
        await tab.GotoInteractiveAsync($"calendar?view=month&date={CalendarGrid.DayKey(wednesday)}");

        await Chip(tab, cancel).ClickAsync();
        await tab.Page.GetByTestId("panel-cancel").ClickAsync();
        await Assertions.Expect(Chip(tab, cancel)).ToHaveCountAsync(0);
        Assert.Equal(PostStatus.Cancelled, (await PostAsync(cancel)).Status);
        Assert.Null(await TriggerAsync(cancel));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task ADraftMovedOnTheCalendarStaysADraft()
    {
        var wednesday = Wednesday(4);
        var (id, errors) = await browser.App.Services.GetRequiredService<PostPlanner>().SaveDraftAsync(
            new ScheduleRequest("sandbox", "Draft idea", wednesday.ToDateTime(new TimeOnly(10, 0)).ToString("s"), "Europe/Berlin"), Actor.System);
        Assert.True(id is not null, string.Join(" ", errors.SelectMany(e => e.Value)));
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync($"calendar?view=month&date={CalendarGrid.DayKey(wednesday)}");

        await tab.DragAsync(Chip(tab, id.Value), tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(wednesday.AddDays(1))}']"));

        await Assertions.Expect(tab.Page.Locator($"[data-date='{CalendarGrid.DayKey(wednesday.AddDays(1))}'] [data-post-id='{id}'][data-status='draft']")).ToBeVisibleAsync();
        var draft = await PostAsync(id.Value);
        Assert.Equal(Berlin10(wednesday.AddDays(1)), draft.ScheduledFor);
        Assert.Equal(PostStatus.Draft, draft.Status);
        Assert.Null(await TriggerAsync(id.Value));
    }

    // How many characters of an element's text are drawn inside its box (the rest is cut by its ellipsis or line clamp).
    private const string VisibleChars = """
        el => {
          const box = el.getBoundingClientRect(), text = el.firstChild, range = document.createRange();
          let shown = 0;
          for (let i = 1; i <= text.length; i++) {
            range.setStart(text, i - 1);
            range.setEnd(text, i);
            const r = range.getBoundingClientRect();
            if (r.right <= box.right - 6 && r.bottom <= box.bottom + 1) shown = i; else if (r.bottom > box.bottom + 1) break;
          }
          return shown;
        }
        """;

    [Fact]
    public async Task MonthChipsShowTheTextTheirCellHasRoomForAndTheAgendaShowsTwoLines()
    {
        const string Text = "Fresh beans from the hills of Huila arrive today: a bright cup with notes of red apple, panela and a long cocoa finish, " +
            "roasted on Monday and rested for a week so the sweetness comes through. Come taste it at the bar from eight, bring a friend, " +
            "and tell us what you think of it: the best description wins a bag of it to take home, ground for your own brewer. " +
            "We will have it on filter all week and as espresso from Thursday, with a short talk about the farm on Saturday morning.";
        var day = Wednesday(1);
        var id = await ScheduleAsync(Text, Berlin10(day));
        await using var tab = await browser.NewPageAsync();
        await tab.Page.SetViewportSizeAsync(1440, 900);

        await tab.GotoInteractiveAsync($"calendar?view=month&date={CalendarGrid.DayKey(day)}");
        var chipText = Chip(tab, id).GetByTestId("chip-text");
        await chipText.WaitForAsync();
        await tab.ScreenshotAsync("calendar-month-desktop");
        var cell = (await tab.Page.Locator($".so-cal-day[data-date='{CalendarGrid.DayKey(day)}']").BoundingBoxAsync())!;
        var monthShown = await chipText.EvaluateAsync<int>(VisibleChars);
        Assert.True(cell.Width > 150, $"a day is {cell.Width} px wide");
        Assert.True(monthShown >= 20, $"a month chip shows {monthShown} characters in a {cell.Width} px day");
        Assert.True((await chipText.BoundingBoxAsync())!.Height < 24, "a month chip takes more than one line");
        Assert.Equal(Text, await Chip(tab, id).GetAttributeAsync("title"));

        await tab.GotoInteractiveAsync($"calendar?view=agenda&date={CalendarGrid.DayKey(day)}");
        chipText = Chip(tab, id).GetByTestId("chip-text");
        await chipText.WaitForAsync();
        await tab.ScreenshotAsync("calendar-agenda-desktop");
        var agendaShown = await chipText.EvaluateAsync<int>(VisibleChars);
        var lineHeight = await chipText.EvaluateAsync<double>("el => parseFloat(getComputedStyle(el).lineHeight)");
        var height = (await chipText.BoundingBoxAsync())!.Height;
        Assert.True(agendaShown > 150 && agendaShown < Text.Length, $"the agenda shows {agendaShown} of {Text.Length} characters");
        Assert.InRange(height, lineHeight * 1.8, lineHeight * 2.2);
        Assert.Equal(Text, await Chip(tab, id).GetAttributeAsync("title"));
    }

    [Fact]
    public async Task APhoneOpensTheAgendaWithNoHorizontalScroll()
    {
        await ScheduleAsync("Seen on a phone", Berlin10(Wednesday(0)));
        await using var tab = await browser.NewPageAsync();
        await tab.Page.SetViewportSizeAsync(390, 844);

        await tab.GotoInteractiveAsync("calendar");

        await Assertions.Expect(tab.Page.GetByTestId("agenda")).ToBeVisibleAsync();
        Assert.Contains("view=agenda", tab.Page.Url, StringComparison.Ordinal);
        await tab.ScreenshotAsync("calendar-phone-agenda");
        Assert.True(await tab.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the agenda scrolls sideways");

        await tab.GotoInteractiveAsync("calendar?view=month");
        await tab.ScreenshotAsync("calendar-phone-month");
        Assert.True(await tab.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the month scrolls sideways");

        await tab.GotoInteractiveAsync("calendar?view=week");
        Assert.True(await tab.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the week scrolls sideways");

        await tab.GotoInteractiveAsync("compose");
        await tab.ScreenshotAsync("compose-phone");
        Assert.True(await tab.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the composer scrolls sideways");
        Assert.Empty(tab.Errors);
    }
}
