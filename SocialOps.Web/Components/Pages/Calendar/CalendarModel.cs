using System.Globalization;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Workflow;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Calendar;

/// <summary>
/// The calendar page's state: the view and date, the filters, what sits in which day or slot (and what is left for
/// "+N more"), the tray of unplanned drafts, and moving posts by drag or keyboard. Times are in the person's zone.
/// </summary>
public sealed partial class CalendarModel(
    CalendarQueries queries, SchedulingService scheduling, PostPlanner planner, Drafts drafts, UserClock clock, TimeProvider time)
{
    /// <summary>The drop zone of the tray of unplanned drafts.</summary>
    public const string TrayZone = "tray";

    public const int ChipsPerDay = 3;

    private Dictionary<string, string> _placement = [];
    private HashSet<string> _shown = [];
    private Dictionary<string, int> _hidden = [];
    private HashSet<string> _tray = [];
    private (TimeZoneInfo? Zone, CalendarView View, DateOnly Date) _loaded;
    private Actor _actor = new("anonymous");

    public CalendarView View { get; private set; } = CalendarView.Month;

    public DateOnly Date { get; private set; }

    public IReadOnlyList<DateOnly> Days { get; private set; } = [];

    /// <summary>Everything loaded, tray included; a new list after each placement.</summary>
    public IReadOnlyList<CalendarItem> Items { get; private set; } = [];

    public IReadOnlyList<AccountOption> Accounts { get; private set; } = [];

    public IReadOnlyCollection<Platform> Platforms { get; private set; } = [];

    public IReadOnlyCollection<PostStatus> Statuses { get; private set; } = [];

    public IReadOnlyCollection<int> AccountIds { get; private set; } = [];

    /// <summary>How many drafts wait in the tray.</summary>
    public int TrayCount => _tray.Count;

    /// <summary>Reads the account choices; moves are made as <paramref name="actor"/>.</summary>
    public async Task InitializeAsync(Actor actor)
    {
        _actor = actor;
        await clock.EnsureLoadedAsync();
        Accounts = await queries.AccountsAsync();
    }

    /// <summary>Shows the view and date the address asks for (the month of today otherwise); reloads when they or the zone changed.</summary>
    public async Task ShowAsync(string? view, string? date)
    {
        View = Enum.TryParse<CalendarView>(view, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v : CalendarView.Month;
        Date = CalendarGrid.TryParseDay(date, out var d) ? d : clock.Today;
        if (_loaded != (clock.Zone, View, Date))
        {
            Keyboard = null;
            await LoadAsync();
        }
    }

    /// <summary>The page's address for a view and date.</summary>
    public static string Address(CalendarView view, DateOnly date) =>
        $"calendar?view={view.ToString().ToLowerInvariant()}&date={CalendarGrid.DayKey(date)}";

    public static string ComposeAt(DateTime local) => $"compose?at={CalendarGrid.SlotKey(local)}";

    public Task SetPlatformsAsync(IReadOnlyCollection<Platform> value)
    {
        Platforms = value;
        return LoadAsync();
    }

    public Task SetStatusesAsync(IReadOnlyCollection<PostStatus> value)
    {
        Statuses = value;
        return LoadAsync();
    }

    public Task SetAccountsAsync(IReadOnlyCollection<int> value)
    {
        AccountIds = value;
        return LoadAsync();
    }

    public string AccountName(int id) => Accounts.FirstOrDefault(a => a.Id == id) is { } a ? $"{a.Platform} · {a.Name}" : id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Posts or series changed somewhere: the same view, reloaded.</summary>
    public Task ApplyAsync(IReadOnlyList<IEvent> events) => events.Count == 0 ? Task.CompletedTask : LoadAsync();

    public async Task LoadAsync()
    {
        _loaded = (clock.Zone, View, Date);
        Days = CalendarGrid.Days(View, Date);
        var (from, to) = CalendarGrid.Range(Days, clock.Zone);
        var filter = new CalendarFilter([.. Platforms], [.. AccountIds], [.. Statuses]);
        // Drafts without a planned time wait in the tray (read alongside the calendar's posts); a drop on the calendar plans them.
        var loading = queries.LoadAsync(from, to, filter);
        var unplanned = drafts.ListAsync(unplannedOnly: true);
        var items = await loading;
        var tray = (await unplanned)
            .Select(d => new CalendarItem(d.Id, null, d.Platform, d.AccountId, d.Content, PostStatus.Draft, CalendarGrid.LandAt(clock.Today.ToDateTime(new TimeOnly(9, 0)), clock.Zone).At, null, false, false))
            .Where(filter.Admits).ToList();
        _tray = [.. tray.Select(i => i.Key)];
        Place([.. items, .. tray]);
    }

    public bool InTray(CalendarItem item) => _tray.Contains(item.Key);

    /// <summary>Whether the item's chip sits in <paramref name="zone"/> (a day, a slot or the tray).</summary>
    public bool InZone(CalendarItem item, string zone) => _shown.Contains(item.Key) && _placement.GetValueOrDefault(item.Key) == zone;

    /// <summary>How many chips of a day the month view leaves out.</summary>
    public int HiddenIn(string zone) => _hidden.GetValueOrDefault(zone);

    /// <summary>The agenda's items of one day (the tray's drafts are not on any day).</summary>
    public IEnumerable<CalendarItem> AgendaOf(DateOnly day) => Items.Where(i => !InTray(i) && CalendarGrid.LocalDate(i.At, clock.Zone) == day);

    public static bool NotMovable(CalendarItem item) => item.IsProjected || !PostPlanner.CanMove(item.Status);

    /// <summary>Which zone each item sits in; in the month view only the first chips of a day show, the rest count as "+N more".</summary>
    private void Place(IReadOnlyList<CalendarItem> items)
    {
        _placement = items.ToDictionary(i => i.Key, i => _tray.Contains(i.Key) ? TrayZone : View == CalendarView.Week
            ? CalendarGrid.SlotKey(CalendarGrid.SlotOf(i.At, clock.Zone))
            : CalendarGrid.DayKey(CalendarGrid.LocalDate(i.At, clock.Zone)));
        _shown = [];
        _hidden = [];
        foreach (var group in items.GroupBy(i => _placement[i.Key]))
        {
            var limit = View == CalendarView.Month && group.Key != TrayZone ? ChipsPerDay : int.MaxValue;
            foreach (var item in group.Take(limit))
            {
                _shown.Add(item.Key);
            }

            _hidden[group.Key] = Math.Max(0, group.Count() - limit);
        }

        Items = [.. items]; // a new list: MudDropContainer re-renders from it (its Refresh() can be stale)
    }

    /// <summary>Why a new post cannot start at this slot, or null to go ahead.</summary>
    public Notice? RefuseNewPostAt(DateTime localSlot) =>
        CalendarGrid.LandAt(localSlot.AddMinutes(CalendarGrid.SlotMinutes), clock.Zone).At <= time.GetUtcNow()
            ? Notice.Info("That time has passed; pick a slot in the future.")
            : null;

    /// <summary>The post a chip opens: its own, or the pending post of its series; otherwise why there is none.</summary>
    public async Task<(int? PostId, Notice? Notice)> PostToOpenAsync(CalendarItem item) =>
        (item.PostId ?? await planner.PendingPostOfSeriesAsync(item.ScheduleId)) is { } id
            ? (id, null)
            : (null, Notice.Info("This series has no pending post right now."));
}
