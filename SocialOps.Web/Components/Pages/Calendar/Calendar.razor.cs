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

public partial class Calendar
{
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    [Inject] private CalendarQueries Queries { get; set; } = default!;
    [Inject] private SchedulingService Scheduling { get; set; } = default!;
    [Inject] private PostPlanner Planner { get; set; } = default!;
    [Inject] private Drafts Drafts { get; set; } = default!;
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

    private CalendarModel _model = default!;
    private ElementReference _root;
    private IJSObjectReference? _module;
    private IDisposable? _subscription;

    protected override async Task OnInitializedAsync()
    {
        _model = new CalendarModel(Queries, Scheduling, Planner, Drafts, Clock, Time);
        await _model.InitializeAsync((await Auth).User.ToActor());
        _subscription = Bus.Subscribe(events => InvokeAsync(async () =>
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

        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Calendar/Calendar.razor.js");
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

    private void Go(CalendarView view, DateOnly date) => Navigation.NavigateTo(CalendarModel.Address(view, date));

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
        await Dialogs.ShowMessageBoxAsync("Move a recurring post",
            "Move only this occurrence, or the whole series (every later occurrence at the new time)?",
            yesText: "This occurrence", noText: "Whole series", cancelText: "Cancel") switch
        {
            true => SeriesChoice.ThisOccurrence,
            false => SeriesChoice.WholeSeries,
            null => SeriesChoice.Cancel,
        };

    /// <summary>Says how a move went; a move made offers to undo it.</summary>
    private void Show(CalendarMove move)
    {
        if (move is { Notice: { } notice, Undo: { } undo })
        {
            Snackbar.Add(notice.Text, notice.Severity(), o =>
            {
                o.Action = "Undo";
                o.ActionColor = Color.Primary;
                o.OnClick = _ => InvokeAsync(async () =>
                {
                    Snackbar.Show(await _model.UndoAsync(undo));
                    StateHasChanged();
                });
            });
        }
        else if (move.Notice is { } refusal)
        {
            Snackbar.Show(refusal);
        }
    }

    private async Task OpenAsync(CalendarItem item)
    {
        var (id, notice) = await _model.PostToOpenAsync(item);
        if (id is { } postId)
        {
            await PostPanel.ShowAsync(Dialogs, postId);
        }
        else if (notice is not null)
        {
            Snackbar.Show(notice);
        }
    }

    private void NewPostAt(DateTime localSlot)
    {
        if (_model.RefuseNewPostAt(localSlot) is { } refusal)
        {
            Snackbar.Show(refusal);
            return;
        }

        Navigation.NavigateTo(CalendarModel.ComposeAt(localSlot));
    }

    private string AriaLabel(CalendarItem item) =>
        $"{item.Platform} {CalendarChips.StatusWord(item)} at {Clock.Format(item.At)}: {CalendarChips.FirstWords(item.Content)}";

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _subscription?.Dispose();
        return _module.ReleaseAsync();
    }
}
