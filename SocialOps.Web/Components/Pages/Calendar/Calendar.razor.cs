using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Workflow;
using SocialOps.Web.Components.Shared;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Calendar;

public partial class Calendar(
    CalendarQueries queries, SchedulingService scheduling, PostPlanner planner, Drafts drafts, EventBus bus, UserClock clock,
    TimeProvider time, ISnackbar snackbar, IDialogService dialogs, NavigationManager navigation, IJSRuntime js)
{
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];


    [SupplyParameterFromQuery(Name = "view")] public string? ViewQuery { get; set; }
    [SupplyParameterFromQuery(Name = "date")] public string? DateQuery { get; set; }
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;
    [CascadingParameter(Name = "UserZone")] private TimeZoneInfo? UserZone { get; set; }

    private CalendarModel _model = default!;
    private ElementReference _root;
    private IJSObjectReference? _module;
    private IDisposable? _subscription;

    protected override async Task OnInitializedAsync()
    {
        _model = new CalendarModel(queries, scheduling, planner, drafts, clock, time);
        await _model.InitializeAsync((await Auth).User.ToActor());
        _subscription = bus.Subscribe(events => InvokeAsync(async () =>
        {
            await _model.ApplyAsync(events);
            StateHasChanged();
        }), LiveUpdates.Page, typeof(PostStatusChanged), typeof(SeriesChanged));
    }

    // A zone picked in the account menu arrives as UserZone and reloads the calendar in it.
    protected override Task OnParametersSetAsync() => _model.ShowAsync(ViewQuery, DateQuery);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _module = await js.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Calendar/Calendar.razor.js");
        await _module.InvokeVoidAsync("init", _root);
        // A phone opens on the agenda unless the address asks for a view.
        if (ViewQuery is null && await _module.InvokeAsync<bool>("isNarrow"))
        {
            Go(CalendarView.Agenda, _model.Date);
        }
        else if (_model.View == CalendarView.Week)
        {
            await _module.InvokeVoidAsync("scrollToSlot", _root, CalendarGrid.SlotKey(_model.Date.ToDateTime(new TimeOnly(7, 0))));
        }
    }

    private void Go(CalendarView view, DateOnly date) => navigation.NavigateTo(CalendarModel.Address(view, date));

    private async Task OnDroppedAsync(MudItemDropInfo<CalendarItem> info)
    {
        if (info.Item is { } item && info.DropzoneIdentifier is { } zone)
        {
            Show(await _model.DropAsync(item, zone, AskSeriesAsync));
        }
    }

    private async Task OnKeyAsync(CalendarItem item, KeyboardEventArgs e)
    {
        var key = await _model.PressAsync(item, e.Key, AskSeriesAsync);
        if (key.Move is { } move)
        {
            Show(move);
        }
        else if (key.Open)
        {
            await OpenAsync(item);
        }
    }

    private async Task<SeriesChoice> AskSeriesAsync() =>
        await dialogs.ShowMessageBoxAsync("Move a recurring post",
            "Move only this occurrence, or the whole series (every later occurrence at the new time)?",
            yesText: "This occurrence", noText: "Whole series", cancelText: "Cancel") switch
        {
            true => SeriesChoice.ThisOccurrence,
            false => SeriesChoice.WholeSeries,
            null => SeriesChoice.Cancel,
        };

    /// <summary>How long a move's Undo stays offered.</summary>
    public const int UndoMilliseconds = 10_000;

    private Snackbar? _undo;

    /// <summary>
    /// Says how a move went; a move made offers to undo it for a while (an action keeps MudBlazor's snackbar open until
    /// clicked unless told otherwise), and only the latest move: a new move replaces the previous offer.
    /// </summary>
    private void Show(CalendarMove move)
    {
        if (_undo is { } previous)
        {
            snackbar.Remove(previous);
            _undo = null;
        }

        if (move is { Notice: { } notice, Undo: { } undo })
        {
            _undo = snackbar.Add(notice.Text, notice.Severity(), o =>
            {
                o.RequireInteraction = false;
                o.VisibleStateDuration = UndoMilliseconds;
                o.Action = "Undo";
                o.ActionColor = Color.Primary;
                o.OnClick = _ => InvokeAsync(async () =>
                {
                    snackbar.Show(await _model.UndoAsync(undo));
                    StateHasChanged();
                });
            });
        }
        else if (move.Notice is { } refusal)
        {
            snackbar.Show(refusal);
        }
    }

    private async Task OpenAsync(CalendarItem item)
    {
        var (id, notice) = await _model.PostToOpenAsync(item);
        if (id is { } postId)
        {
            await PostPanel.ShowAsync(dialogs, postId);
        }
        else if (notice is not null)
        {
            snackbar.Show(notice);
        }
    }

    private void NewPostAt(DateTime localSlot)
    {
        if (_model.RefuseNewPostAt(localSlot) is { } refusal)
        {
            snackbar.Show(refusal);
            return;
        }

        navigation.NavigateTo(CalendarModel.ComposeAt(localSlot));
    }

    private string AriaLabel(CalendarItem item) =>
        $"{item.Platform} {CalendarChips.StatusWord(item)} at {clock.Format(item.At)}: {CalendarChips.FirstWords(item.Content)}";

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _subscription?.Dispose();
        // An Undo outliving its page would act on a calendar no longer shown.
        if (_undo is { } undo)
        {
            snackbar.Remove(undo);
        }

        return _module.ReleaseAsync();
    }
}
