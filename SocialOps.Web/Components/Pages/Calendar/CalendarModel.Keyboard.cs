using System.Globalization;
using SocialOps.Core.Calendar;

namespace SocialOps.Web.Components.Pages.Calendar;

/// <summary>A chip being moved with the keyboard, and the day (month view) or slot (week view) it would go to.</summary>
public sealed record KeyboardMove(CalendarItem Item, DateOnly Day, DateTime Slot);

/// <summary>What a key on a chip did: opened it, moved it, or neither.</summary>
public sealed record CalendarKey(bool Open, CalendarMove? Move)
{
    public static readonly CalendarKey None = new(false, null);
}

/// <summary>The keyboard alternative to dragging: arrows pick the target, Enter moves, Escape cancels.</summary>
public sealed partial class CalendarModel
{
    /// <summary>The keyboard move under way, if any.</summary>
    public KeyboardMove? Keyboard { get; private set; }

    /// <summary>A key pressed on a chip: Enter or Space opens it (Enter moves it when a target is picked), arrows pick a target.</summary>
    public async Task<CalendarKey> PressAsync(CalendarItem item, string key, Func<Task<SeriesChoice>> askSeries)
    {
        if (key == "Enter" && Keyboard is { } pending && pending.Item.Key == item.Key)
        {
            Keyboard = null;
            return new CalendarKey(false, await MoveAsync(item, View == CalendarView.Week
                ? CalendarGrid.LandAt(pending.Slot, clock.Zone)
                : CalendarGrid.MoveToDay(item.At, pending.Day, clock.Zone), askSeries));
        }

        if (key is "Enter" or " ")
        {
            return new CalendarKey(true, null);
        }

        if (key == "Escape")
        {
            Keyboard = null;
            return CalendarKey.None;
        }

        var week = View == CalendarView.Week;
        var (days, minutes) = key switch
        {
            "ArrowLeft" => (-1, 0),
            "ArrowRight" => (1, 0),
            "ArrowUp" => week ? (0, -CalendarGrid.SlotMinutes) : (-7, 0),
            "ArrowDown" => week ? (0, CalendarGrid.SlotMinutes) : (7, 0),
            _ => (0, 0),
        };
        if ((days, minutes) == (0, 0) || NotMovable(item) || View == CalendarView.Agenda)
        {
            return CalendarKey.None;
        }

        var start = Keyboard?.Item.Key == item.Key ? Keyboard : new KeyboardMove(item, CalendarGrid.LocalDate(item.At, clock.Zone), CalendarGrid.SlotOf(item.At, clock.Zone));
        Keyboard = start with { Day = start.Day.AddDays(days), Slot = start.Slot.AddDays(days).AddMinutes(minutes) };
        return CalendarKey.None;
    }

    /// <summary>Whether the day or slot <paramref name="key"/> is where the keyboard move would go.</summary>
    public bool IsKeyboardTarget(string key) => Keyboard is { } kb
        && key == (View == CalendarView.Week ? CalendarGrid.SlotKey(kb.Slot) : CalendarGrid.DayKey(kb.Day));

    /// <summary>Where the keyboard move would go, in words.</summary>
    public string? KeyboardTarget => Keyboard is not { } kb ? null : View == CalendarView.Week
        ? kb.Slot.ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture)
        : kb.Day.ToString("ddd d MMM", CultureInfo.InvariantCulture) + ", " + clock.Format(kb.Item.At, "HH:mm");
}
