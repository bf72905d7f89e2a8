using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Workflow;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components;
using SocialOps.Web.Components.Pages.Calendar;

namespace SocialOps.Tests.Components.Models;

/// <summary>The calendar page's model over the app's real services and a real SQLite file, in UTC, no browser.</summary>
public sealed class CalendarModelTests : IAsyncLifetime
{
    private static readonly Actor Editor = new("ed@example.com", "user-ed", Access: Access.Editor);
    private readonly SocialOpsAppFactory _app = new();
    private int _asked;

    /// <summary>A Wednesday at least two days ahead: its Thursday and Friday are in the same week.</summary>
    private static readonly DateOnly Wednesday = NextWednesday();

    private static DateOnly NextWednesday()
    {
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(2);
        while (day.DayOfWeek != DayOfWeek.Wednesday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute = 0) => new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero);

    private static string Day(DateOnly day) => CalendarGrid.DayKey(day);

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task<CalendarModel> OpenAsync(string view, DateOnly date, Actor? actor = null)
    {
        var services = _app.Services;
        var model = new CalendarModel(services.GetRequiredService<CalendarQueries>(), services.GetRequiredService<SchedulingService>(),
            services.GetRequiredService<PostPlanner>(), services.GetRequiredService<Drafts>(), await ModelHarness.ClockAsync(_app), TimeProvider.System);
        await model.InitializeAsync(actor ?? Editor);
        await model.ShowAsync(view, Day(date));
        return model;
    }

    private async Task<int> ScheduleAsync(DateTimeOffset at, string? pattern = null)
    {
        var (result, errors) = await _app.Services.GetRequiredService<SchedulingService>().ScheduleAsync(
            new ScheduleRequest("sandbox", $"Post at {at:O}", at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), "UTC", RecurrencePattern: pattern), Actor.System);
        Assert.True(result is not null, string.Join(" ", errors.SelectMany(e => e.Value)));
        return result.Id;
    }

    private Task<DateTimeOffset?> DueAsync(int id) => _app.DbAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.ScheduledFor).SingleAsync());

    private static CalendarItem Item(CalendarModel model, int id) => model.Items.Single(i => i.PostId == id);

    private Task<SeriesChoice> Answer(SeriesChoice choice)
    {
        _asked++;
        return Task.FromResult(choice);
    }

    [Fact]
    public async Task AMonthDayShowsThreeChipsAndCountsTheRestWhileTheWeekShowsThemAll()
    {
        for (var hour = 10; hour < 15; hour++)
        {
            await ScheduleAsync(At(Wednesday, hour));
        }

        var month = await OpenAsync("month", Wednesday);
        var week = await OpenAsync("week", Wednesday);

        Assert.Equal(3, month.Items.Count(i => month.InZone(i, Day(Wednesday))));
        Assert.Equal(2, month.HiddenIn(Day(Wednesday)));
        Assert.All(week.Items, i => Assert.True(week.InZone(i, CalendarGrid.SlotKey(i.At.UtcDateTime))));
        Assert.Equal(0, week.HiddenIn(CalendarGrid.SlotKey(At(Wednesday, 10).UtcDateTime)));
    }

    [Fact]
    public async Task ADropOnAnotherDayKeepsTheTimeOfDayAndCanBeUndone()
    {
        var id = await ScheduleAsync(At(Wednesday, 10));
        var model = await OpenAsync("month", Wednesday);

        var move = await model.DropAsync(Item(model, id), Day(Wednesday.AddDays(1)), () => Answer(SeriesChoice.Cancel));

        Assert.Equal(NoticeKind.Success, move.Notice!.Kind);
        Assert.StartsWith("Moved to Thu", move.Notice.Text, StringComparison.Ordinal);
        Assert.Equal(At(Wednesday.AddDays(1), 10), await DueAsync(id));
        Assert.True(model.InZone(Item(model, id), Day(Wednesday.AddDays(1))));
        Assert.Equal(0, _asked);

        var undone = await model.UndoAsync(move.Undo!);

        Assert.Equal(NoticeKind.Info, undone.Kind);
        Assert.Equal(At(Wednesday, 10), await DueAsync(id));
        Assert.True(model.InZone(Item(model, id), Day(Wednesday)));
    }

    [Fact]
    public async Task ADropOnThePastSpringsBackWithAReasonAndMovesNothing()
    {
        var id = await ScheduleAsync(At(Wednesday, 10));
        var model = await OpenAsync("week", Wednesday);
        var yesterday = TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddDays(-1).AddHours(10);

        var move = await model.DropAsync(Item(model, id), CalendarGrid.SlotKey(yesterday), () => Answer(SeriesChoice.ThisOccurrence));

        Assert.Equal(Notice.Warning("That time has already passed; pick a time in the future."), move.Notice);
        Assert.Null(move.Undo);
        Assert.Equal(At(Wednesday, 10), await DueAsync(id));
        Assert.True(model.InZone(Item(model, id), CalendarGrid.SlotKey(At(Wednesday, 10).UtcDateTime)));
    }

    [Fact]
    public async Task AnAnalystsDropIsRefusedWithTheReason()
    {
        var id = await ScheduleAsync(At(Wednesday, 10));
        var model = await OpenAsync("month", Wednesday, new Actor("ana@example.com", "user-ana", Access: Access.Analyst));

        var move = await model.DropAsync(Item(model, id), Day(Wednesday.AddDays(1)), () => Answer(SeriesChoice.ThisOccurrence));

        Assert.Equal(NoticeKind.Warning, move.Notice!.Kind);
        Assert.Contains("needs the Editor role", move.Notice.Text, StringComparison.Ordinal);
        Assert.Equal(At(Wednesday, 10), await DueAsync(id));
    }

    [Fact]
    public async Task MovingAnOccurrenceOfASeriesAsksFirstAndACancelledAnswerMovesNothing()
    {
        var id = await ScheduleAsync(At(Wednesday, 10), "0 10 * * *");
        var model = await OpenAsync("week", Wednesday);
        Assert.Contains(model.Items, i => i.IsProjected);

        var move = await model.DropAsync(Item(model, id), CalendarGrid.SlotKey(At(Wednesday, 12).UtcDateTime), () => Answer(SeriesChoice.Cancel));

        Assert.Equal(1, _asked);
        Assert.Equal(CalendarMove.Nothing, move);
        Assert.Equal(At(Wednesday, 10), await DueAsync(id));
    }

    [Fact]
    public async Task AnUnplannedDraftWaitsInTheTrayUntilADropPlansIt()
    {
        var (draftId, errors) = await _app.Services.GetRequiredService<PostPlanner>().SaveDraftAsync(new ScheduleRequest("sandbox", "Someday", null), Editor);
        Assert.Empty(errors);
        var model = await OpenAsync("month", Wednesday);
        Assert.Equal(1, model.TrayCount);
        Assert.True(model.InZone(Item(model, draftId!.Value), CalendarModel.TrayZone));

        await model.DropAsync(Item(model, draftId.Value), Day(Wednesday), () => Answer(SeriesChoice.Cancel));

        Assert.Equal(0, model.TrayCount);
        Assert.Equal(PostStatus.Draft, Item(model, draftId.Value).Status);
        Assert.True(model.InZone(Item(model, draftId.Value), Day(Wednesday)));
    }

    [Fact]
    public async Task ArrowsPickATargetDayEscapeDropsItAndEnterMovesThere()
    {
        var id = await ScheduleAsync(At(Wednesday, 10));
        var model = await OpenAsync("month", Wednesday);

        await model.PressAsync(Item(model, id), "ArrowRight", () => Answer(SeriesChoice.Cancel));
        Assert.True(model.IsKeyboardTarget(Day(Wednesday.AddDays(1))));
        await model.PressAsync(Item(model, id), "Escape", () => Answer(SeriesChoice.Cancel));
        Assert.Null(model.Keyboard);
        await model.PressAsync(Item(model, id), "ArrowRight", () => Answer(SeriesChoice.Cancel));
        await model.PressAsync(Item(model, id), "ArrowRight", () => Answer(SeriesChoice.Cancel));
        Assert.StartsWith(Wednesday.AddDays(2).ToString("ddd d MMM", CultureInfo.InvariantCulture) + ", 10:00", model.KeyboardTarget, StringComparison.Ordinal);

        var key = await model.PressAsync(Item(model, id), "Enter", () => Answer(SeriesChoice.Cancel));

        Assert.Equal(NoticeKind.Success, key.Move!.Notice!.Kind);
        Assert.Equal(At(Wednesday.AddDays(2), 10), await DueAsync(id));
        Assert.Null(model.Keyboard);
    }

    [Fact]
    public async Task InTheWeekUpAndDownMoveByAQuarterOfAnHourAndEnterWithoutATargetOpensThePost()
    {
        var id = await ScheduleAsync(At(Wednesday, 10));
        var model = await OpenAsync("week", Wednesday);

        var open = await model.PressAsync(Item(model, id), "Enter", () => Answer(SeriesChoice.Cancel));
        await model.PressAsync(Item(model, id), "ArrowUp", () => Answer(SeriesChoice.Cancel));

        Assert.True(open.Open);
        Assert.True(model.IsKeyboardTarget(CalendarGrid.SlotKey(At(Wednesday, 9, 45).UtcDateTime)));
        Assert.Equal((id, (Notice?)null), await model.PostToOpenAsync(Item(model, id)));
    }

    [Fact]
    public async Task AStatusFilterLeavesOnlyPostsInThoseStatuses()
    {
        var scheduled = await ScheduleAsync(At(Wednesday, 10));
        var (draft, _) = await _app.Services.GetRequiredService<PostPlanner>().SaveDraftAsync(
            new ScheduleRequest("sandbox", "Planned draft", At(Wednesday, 11).UtcDateTime.ToString("O", CultureInfo.InvariantCulture), "UTC"), Editor);
        var model = await OpenAsync("month", Wednesday);
        Assert.Equal([scheduled, draft!.Value], model.Items.Select(i => i.PostId!.Value).Order());

        await model.SetStatusesAsync([PostStatus.Draft]);

        Assert.Equal([draft.Value], model.Items.Select(i => i.PostId!.Value));
    }

    [Fact]
    public async Task ANewPostCannotStartInASlotThatHasPassed()
    {
        var model = await OpenAsync("week", Wednesday);

        Assert.Equal(Notice.Info("That time has passed; pick a slot in the future."), model.RefuseNewPostAt(TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1)));
        Assert.Null(model.RefuseNewPostAt(Wednesday.ToDateTime(new TimeOnly(9, 0))));
        Assert.Equal($"compose?at={Day(Wednesday)}T09:00", CalendarModel.ComposeAt(Wednesday.ToDateTime(new TimeOnly(9, 0))));
    }

    Task IAsyncLifetime.DisposeAsync() => _app.DisposeAsync().AsTask();
}
