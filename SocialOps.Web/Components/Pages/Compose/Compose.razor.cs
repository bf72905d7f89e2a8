using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using SocialOps.Core.Analytics;
using SocialOps.Core.Calendar;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Compose;

public partial class Compose
{
    [Inject] private CalendarQueries Queries { get; set; } = default!;
    [Inject] private PostPlanner Planner { get; set; } = default!;
    [Inject] private SchedulingService Scheduling { get; set; } = default!;
    [Inject] private SchedulerReports Reports { get; set; } = default!;
    [Inject] private MediaStore Media { get; set; } = default!;
    [Inject] private UserClock Clock { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The post being edited; none for a new post.</summary>
    [Parameter] public int? Id { get; set; }

    [SupplyParameterFromQuery(Name = "at")] public string? AtQuery { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public int? FromQuery { get; set; }
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private ComposeModel _model = default!;

    protected override Task OnInitializedAsync()
    {
        _model = new ComposeModel(Id, Queries, Planner, Scheduling, Reports, Media, Clock, Time);
        return _model.InitializeAsync(AtQuery, FromQuery);
    }

    private async Task ScheduleAsync() => Show(await _model.ScheduleAsync((await Auth).User.ToActor()));

    private async Task SaveDraftAsync() => Show(await _model.SaveDraftAsync((await Auth).User.ToActor()));

    private void Show(ComposeOutcome? outcome)
    {
        if (outcome is not null)
        {
            Snackbar.Show(outcome.Notice);
            if (outcome.GoTo is { } address)
            {
                Navigation.NavigateTo(address);
            }
        }
    }

    private void Queued(int accountId) => Navigation.NavigateTo(_model.Queued(accountId));

    private async Task UploadAsync(InputFileChangeEventArgs e) => await _model.UploadAsync(e.GetMultipleFiles(ComposeModel.MaxFiles), (await Auth).User.ToActor());

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!_model.Dirty)
        {
            return;
        }

        var leave = await Dialogs.ShowMessageBoxAsync("Leave without saving?", "This post has changes that are not saved.",
            yesText: "Leave", cancelText: "Stay");
        if (leave != true)
        {
            context.PreventNavigation();
        }
    }
}
