using System.Globalization;
using Microsoft.AspNetCore.Components.Web;
using SocialOps.Core.Calendar;

namespace SocialOps.Web.Components.Pages.Calendar;

/// <summary>The keyboard alternative to dragging: arrows pick the target, Enter moves, Escape cancels.</summary>
public partial class Calendar
{
    private sealed record KeyboardMove(CalendarItem Item, DateOnly Day, DateTime Slot);

    private async Task OnKeyAsync(CalendarItem item, KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && _keyboard is { } pending && pending.Item.Key == item.Key)
        {
            _keyboard = null;
            await MoveAsync(item, _view == CalendarView.Week
                ? CalendarGrid.LandAt(pending.Slot, Clock.Zone)
                : CalendarGrid.MoveToDay(item.At, pending.Day, Clock.Zone));
            return;
        }

        if (e.Key == "Enter" || e.Key == " ")
        {
            await OpenAsync(item);
            return;
        }

        if (e.Key == "Escape")
        {
            _keyboard = null;
            return;
        }

        var week = _view == CalendarView.Week;
        var (days, minutes) = e.Key switch
        {
            "ArrowLeft" => (-1, 0),
            "ArrowRight" => (1, 0),
            "ArrowUp" => week ? (0, -CalendarGrid.SlotMinutes) : (-7, 0),
            "ArrowDown" => week ? (0, CalendarGrid.SlotMinutes) : (7, 0),
            _ => (0, 0),
        };
        if ((days, minutes) == (0, 0) || NotMovable(item) || _view == CalendarView.Agenda)
        {
            return;
        }

        var start = _keyboard?.Item.Key == item.Key ? _keyboard : new KeyboardMove(item, CalendarGrid.LocalDate(item.At, Clock.Zone), CalendarGrid.SlotOf(item.At, Clock.Zone));
        _keyboard = start with { Day = start.Day.AddDays(days), Slot = start.Slot.AddDays(days).AddMinutes(minutes) };
    }

    private bool IsKeyboardTarget(string key) => _keyboard is { } kb
        && key == (_view == CalendarView.Week ? CalendarGrid.SlotKey(kb.Slot) : CalendarGrid.DayKey(kb.Day));

    private string KeyboardTargetText(KeyboardMove kb) => _view == CalendarView.Week
        ? kb.Slot.ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture)
        : kb.Day.ToString("ddd d MMM", CultureInfo.InvariantCulture) + ", " + Clock.Format(kb.Item.At, "HH:mm");
}
