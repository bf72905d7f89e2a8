using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Web.Components.Shared;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Calendar;

public partial class Calendar
{
    private const int ChipsPerDay = 3;
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    [Inject] private CalendarQueries Queries { get; set; } = default!;
    [Inject] private SchedulingService Scheduling { get; set; } = default!;
    [Inject] private PostPlanner Planner { get; set; } = default!;
    [Inject] private SocialOps.Core.Workflow.Drafts Drafts { get; set; } = default!;
    [Inject] private EventBus Bus { get; set; } = default!;
    [Inject] private UserClock Clock { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "view")] public string? ViewQuery { get; set; }
    [SupplyParameterFromQuery(Name = "date")] public string? DateQuery { get; set; }
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;
    [CascadingParameter(Name = "UserZone")] private TimeZoneInfo? UserZone { get; set; }

    private ElementReference _root;
    private IJSObjectReference? _module;
    private IDisposable? _subscription;
    private CalendarView _view = CalendarView.Month;
    private DateOnly _date;
    private IReadOnlyList<DateOnly> _days = [];
    private List<CalendarItem> _items = [];
    private Dictionary<string, string> _placement = [];
    private HashSet<string> _shown = [];
    private Dictionary<string, int> _hidden = [];
    private IReadOnlyList<AccountOption> _accounts = [];
    private IReadOnlyCollection<Platform> _platforms = [];
    private IReadOnlyCollection<PostStatus> _statuses = [];
    private IReadOnlyCollection<int> _accountIds = [];
    private KeyboardMove? _keyboard;
    private HashSet<string> _tray = [];
    private (TimeZoneInfo? Zone, CalendarView View, DateOnly Date) _loaded;

    protected override async Task OnInitializedAsync()
    {
        await Clock.EnsureLoadedAsync();
        _accounts = await Queries.AccountsAsync();
        _subscription = Bus.Subscribe(_ => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }), LiveUpdates.Page, typeof(PostStatusChanged), typeof(SeriesChanged));
    }

    protected override async Task OnParametersSetAsync()
    {
        _view = Enum.TryParse<CalendarView>(ViewQuery, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v : CalendarView.Month;
        _date = CalendarGrid.TryParseDay(DateQuery, out var d) ? d : Clock.Today;
        if (_loaded != (Clock.Zone, _view, _date))
        {
            _keyboard = null;
            await LoadAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Calendar/Calendar.razor.js");
        await _module.InvokeVoidAsync("init", _root);
        // A phone opens on the agenda unless the address asks for a view.
        if (ViewQuery is null && await _module.InvokeAsync<bool>("isNarrow"))
        {
            Go(CalendarView.Agenda, _date);
        }
        else if (_view == CalendarView.Week)
        {
            await _module.InvokeVoidAsync("scrollToSlot", _root, CalendarGrid.SlotKey(_date.ToDateTime(new TimeOnly(7, 0))));
        }
    }

    private void Go(CalendarView view, DateOnly date) =>
        Navigation.NavigateTo($"calendar?view={view.ToString().ToLowerInvariant()}&date={CalendarGrid.DayKey(date)}");

    private async Task LoadAsync()
    {
        _loaded = (Clock.Zone, _view, _date);
        _days = CalendarGrid.Days(_view, _date);
        var (from, to) = CalendarGrid.Range(_days, Clock.Zone);
        var filter = new CalendarFilter([.. _platforms], [.. _accountIds], [.. _statuses]);
        // Drafts without a planned time wait in the tray (read alongside the calendar's posts); a drop on the calendar plans them.
        var loading = Queries.LoadAsync(from, to, filter);
        var drafts = Drafts.ListAsync(unplannedOnly: true);
        var items = await loading;
        var unplanned = (await drafts)
            .Select(d => new CalendarItem(d.Id, null, d.Platform, d.AccountId, d.Content, PostStatus.Draft, CalendarGrid.LandAt(Clock.Today.ToDateTime(new TimeOnly(9, 0)), Clock.Zone).At, null, false, false))
            .Where(filter.Admits).ToList();
        _tray = [.. unplanned.Select(i => i.Key)];
        Place([.. items, .. unplanned]);
    }

    /// <summary>Which zone each item sits in; in the month view only the first chips of a day show, the rest count as "+N more".</summary>
    private void Place(IReadOnlyList<CalendarItem> items)
    {
        _placement = items.ToDictionary(i => i.Key, i => _tray.Contains(i.Key) ? DraftTray.Zone : _view == CalendarView.Week
            ? CalendarGrid.SlotKey(CalendarGrid.SlotOf(i.At, Clock.Zone))
            : CalendarGrid.DayKey(CalendarGrid.LocalDate(i.At, Clock.Zone)));
        _shown = [];
        _hidden = [];
        foreach (var group in items.GroupBy(i => _placement[i.Key]))
        {
            var limit = _view == CalendarView.Month && group.Key != DraftTray.Zone ? ChipsPerDay : int.MaxValue;
            foreach (var item in group.Take(limit))
            {
                _shown.Add(item.Key);
            }

            _hidden[group.Key] = Math.Max(0, group.Count() - limit);
        }

        _items = [.. items]; // a new list: MudDropContainer re-renders from it (its Refresh() can be stale)
    }

    private bool InZone(CalendarItem item, string zone) => _shown.Contains(item.Key) && _placement.GetValueOrDefault(item.Key) == zone;

    private static bool NotMovable(CalendarItem item) => item.IsProjected || !PostPlanner.CanMove(item.Status);

    private Task OnPlatformsChanged(IReadOnlyCollection<Platform> value) { _platforms = value; return LoadAsync(); }
    private Task OnStatusesChanged(IReadOnlyCollection<PostStatus> value) { _statuses = value; return LoadAsync(); }
    private Task OnAccountsChanged(IReadOnlyCollection<int> value) { _accountIds = value; return LoadAsync(); }

    private string AccountName(int id) => _accounts.FirstOrDefault(a => a.Id == id) is { } a ? $"{a.Platform} · {a.Name}" : id.ToString(CultureInfo.InvariantCulture);

    private async Task OnDroppedAsync(MudItemDropInfo<CalendarItem> info)
    {
        if (info.Item is not { } item || info.DropzoneIdentifier is not { } zone)
        {
            return;
        }

        Landing? landing = CalendarGrid.TryParseSlot(zone, out var slot) ? CalendarGrid.LandAt(slot, Clock.Zone)
            : CalendarGrid.TryParseDay(zone, out var day) ? CalendarGrid.MoveToDay(item.At, day, Clock.Zone)
            : null;
        if (landing is null)
        {
            Place(_items); // dropped on the tray: the chip goes back where the post is
            return;
        }

        await MoveAsync(item, landing);
    }

    /// <summary>Moves a post through the scheduling service; a refused move puts the chip back and says why.</summary>
    private async Task MoveAsync(CalendarItem item, Landing landing)
    {
        if (landing.At == item.At && !_tray.Contains(item.Key))
        {
            Place(_items);
            return;
        }

        if (PostPlanner.RefuseDrop(item, landing.At, Time.GetUtcNow()) is { } refusal)
        {
            await SpringBackAsync(refusal);
            return;
        }

        var wholeSeries = false;
        if (item.IsRecurring)
        {
            var answer = await Dialogs.ShowMessageBoxAsync("Move a recurring post",
                "Move only this occurrence, or the whole series (every later occurrence at the new time)?",
                yesText: "This occurrence", noText: "Whole series", cancelText: "Cancel");
            if (answer is null)
            {
                await SpringBackAsync(null);
                return;
            }

            wholeSeries = answer == false;
        }

        var actor = await ActorAsync();
        var (moved, problem) = await MoveToAsync(item, landing.At, wholeSeries, actor);
        if (!moved)
        {
            await SpringBackAsync(problem);
            return;
        }

        var previous = item.At;
        var message = $"Moved to {Clock.Format(landing.At)}.{(landing.Note is null ? "" : " " + landing.Note)}";
        Snackbar.Add(message, Severity.Success, o =>
        {
            o.Action = "Undo";
            o.ActionColor = Color.Primary;
            o.OnClick = _ => UndoAsync(item, previous, wholeSeries);
        });
        await LoadAsync();
    }

    private async Task UndoAsync(CalendarItem item, DateTimeOffset previous, bool wholeSeries)
    {
        var (moved, problem) = await MoveToAsync(item, previous, wholeSeries, await ActorAsync());
        Snackbar.Add(moved ? $"Back at {Clock.Format(previous)}." : $"Could not undo: {problem}", moved ? Severity.Info : Severity.Error);
        await InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    /// <summary>
    /// A draft keeps being a draft; anything else moves through the scheduling service. A refusal (the post moved on
    /// meanwhile, or the role does not allow it) is a problem to show, not an error.
    /// </summary>
    private async Task<(bool Moved, string? Problem)> MoveToAsync(CalendarItem item, DateTimeOffset at, bool wholeSeries, Actor actor)
    {
        try
        {
            return wholeSeries ? await Planner.MoveSeriesAsync(item.PostId!.Value, at, actor)
                : item.Status == PostStatus.Draft ? await Planner.MoveDraftAsync(item.PostId!.Value, at, actor)
                : await RescheduleAsync(item.PostId!.Value, at, actor);
        }
        catch (RefusedException refused)
        {
            return (false, refused.Message);
        }
    }

    private async Task<(bool Moved, string? Problem)> RescheduleAsync(int id, DateTimeOffset at, Actor actor)
    {
        var instant = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var (result, errors) = await Scheduling.RescheduleAsync(id, new RescheduleRequest(instant), actor);
        return result is not null ? (true, null) : (false, errors.Count > 0 ? string.Join(" ", errors.SelectMany(e => e.Value)) : "The post no longer exists.");
    }

    private async Task SpringBackAsync(string? message)
    {
        if (message is not null)
        {
            Snackbar.Add(message, Severity.Warning);
        }

        await LoadAsync(); // the chip returns to where the post is
    }

    private async Task OpenAsync(CalendarItem item)
    {
        var id = item.PostId ?? await Planner.PendingPostOfSeriesAsync(item.ScheduleId);
        if (id is null)
        {
            Snackbar.Add("This series has no pending post right now.", Severity.Info);
            return;
        }

        await PostPanel.ShowAsync(Dialogs, id.Value);
    }

    private void NewPostAt(DateTime localSlot)
    {
        if (CalendarGrid.LandAt(localSlot.AddMinutes(CalendarGrid.SlotMinutes), Clock.Zone).At <= Time.GetUtcNow())
        {
            Snackbar.Add("That time has passed; pick a slot in the future.", Severity.Info);
            return;
        }

        Navigation.NavigateTo(ComposeAt(localSlot));
    }

    private static string ComposeAt(DateTime local) => $"compose?at={CalendarGrid.SlotKey(local)}";

    private async Task<Actor> ActorAsync() => (await Auth).User.ToActor();

    private string AriaLabel(CalendarItem item) =>
        $"{item.Platform} {CalendarChips.StatusWord(item)} at {Clock.Format(item.At)}: {CalendarChips.FirstWords(item.Content)}";

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _subscription?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit has gone; nothing to release in the browser.
            }
        }
    }
}
