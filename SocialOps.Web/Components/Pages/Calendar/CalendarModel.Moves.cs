using System.Globalization;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Scheduling;

namespace SocialOps.Web.Components.Pages.Calendar;

/// <summary>The answer to "move only this occurrence, or the whole series?".</summary>
public enum SeriesChoice
{
    Cancel,
    ThisOccurrence,
    WholeSeries,
}

/// <summary>A move that was made, and can be taken back.</summary>
public sealed record CalendarUndo(CalendarItem Item, DateTimeOffset Previous, bool WholeSeries);

/// <summary>How a move went: what to tell the person (nothing when the chip just went back), and the undo of a move made.</summary>
public sealed record CalendarMove(Notice? Notice, CalendarUndo? Undo = null)
{
    public static readonly CalendarMove Nothing = new(Notice: null);
}

/// <summary>Moving posts: a drop on a day, a slot or the tray, the same through the scheduling service, and undo.</summary>
public sealed partial class CalendarModel
{
    /// <summary>Moves the item to where it was dropped; a drop on the tray puts the chip back where the post is.</summary>
    public Task<CalendarMove> DropAsync(CalendarItem item, string zone, Func<Task<SeriesChoice>> askSeries)
    {
        Landing? landing = CalendarGrid.TryParseSlot(zone, out var slot) ? CalendarGrid.LandAt(slot, clock.Zone)
            : CalendarGrid.TryParseDay(zone, out var day) ? CalendarGrid.MoveToDay(item.At, day, clock.Zone)
            : null;
        if (landing is null)
        {
            Place(Items);
            return Task.FromResult(CalendarMove.Nothing);
        }

        return MoveAsync(item, landing, askSeries);
    }

    /// <summary>
    /// Moves a post through the scheduling service (an occurrence of a series asks first whether the whole series moves).
    /// A refused move reloads, so the chip returns to where the post is, and says why.
    /// </summary>
    public async Task<CalendarMove> MoveAsync(CalendarItem item, Landing landing, Func<Task<SeriesChoice>> askSeries)
    {
        if (landing.At == item.At && !InTray(item))
        {
            Place(Items);
            return CalendarMove.Nothing;
        }

        if (PostPlanner.RefuseDrop(item, landing.At, time.GetUtcNow()) is { } refusal)
        {
            return await SpringBackAsync(refusal);
        }

        var wholeSeries = false;
        if (item.IsRecurring)
        {
            var choice = await askSeries();
            if (choice == SeriesChoice.Cancel)
            {
                return await SpringBackAsync(null);
            }

            wholeSeries = choice == SeriesChoice.WholeSeries;
        }

        var (moved, problem) = await MoveToAsync(item, landing.At, wholeSeries);
        if (!moved)
        {
            return await SpringBackAsync(problem);
        }

        await LoadAsync();
        return new CalendarMove(
            Notice.Success($"Moved to {clock.Format(landing.At)}.{(landing.Note is null ? "" : " " + landing.Note)}"),
            new CalendarUndo(item, item.At, wholeSeries));
    }

    /// <summary>Takes a move back and says whether it could.</summary>
    public async Task<Notice> UndoAsync(CalendarUndo undo)
    {
        var (moved, problem) = await MoveToAsync(undo.Item, undo.Previous, undo.WholeSeries);
        await LoadAsync();
        return moved ? Notice.Info($"Back at {clock.Format(undo.Previous)}.") : Notice.Error($"Could not undo: {problem}");
    }

    private async Task<CalendarMove> SpringBackAsync(string? problem)
    {
        await LoadAsync();
        return new CalendarMove(problem is null ? null : Notice.Warning(problem));
    }

    /// <summary>
    /// A draft keeps being a draft; anything else moves through the scheduling service. A refusal (the post moved on
    /// meanwhile, or the role does not allow it) is a problem to show, not an error.
    /// </summary>
    private async Task<(bool Moved, string? Problem)> MoveToAsync(CalendarItem item, DateTimeOffset at, bool wholeSeries)
    {
        try
        {
            return wholeSeries ? await planner.MoveSeriesAsync(item.PostId!.Value, at, _actor)
                : item.Status == PostStatus.Draft ? await planner.MoveDraftAsync(item.PostId!.Value, at, _actor)
                : await RescheduleAsync(item.PostId!.Value, at);
        }
        catch (RefusedException refused)
        {
            return (false, refused.Message);
        }
    }

    private async Task<(bool Moved, string? Problem)> RescheduleAsync(int id, DateTimeOffset at)
    {
        var instant = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var (result, errors) = await scheduling.RescheduleAsync(id, new RescheduleRequest(instant), _actor);
        return result is not null ? (true, null) : (false, errors.Count > 0 ? string.Join(" ", errors.SelectMany(e => e.Value)) : "The post no longer exists.");
    }
}
