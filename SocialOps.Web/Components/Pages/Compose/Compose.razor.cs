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

public partial class Compose(
    CalendarQueries queries, PostPlanner planner, SchedulingService scheduling, SchedulerReports reports, MediaStore media, UserClock clock,
    TimeProvider time, ISnackbar snackbar, IDialogService dialogs, NavigationManager navigation)
{

    /// <summary>The post being edited; none for a new post.</summary>
    [Parameter] public int? Id { get; set; }

    [SupplyParameterFromQuery(Name = "at")] public string? AtQuery { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public int? FromQuery { get; set; }
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private ComposeModel _model = default!;

    protected override Task OnInitializedAsync()
    {
        _model = new ComposeModel(Id, queries, planner, scheduling, reports, media, clock, time);
        return _model.InitializeAsync(AtQuery, FromQuery);
    }

    private async Task ScheduleAsync() => Show(await _model.ScheduleAsync((await Auth).User.ToActor()));

    private async Task ScheduleAnywayAsync() => Show(await _model.ScheduleAnywayAsync((await Auth).User.ToActor()));

    /// <summary>Asks first: a post sent now cannot be called back.</summary>
    private async Task PublishNowAsync()
    {
        var accounts = string.Join(", ", _model.Targets.Where(t => _model.Selected.Contains(t.Key)).Select(t => t.Name));
        var go = await dialogs.ShowMessageBoxAsync("Publish now?", $"The post goes out now on {(accounts.Length > 0 ? accounts : "the chosen accounts")}, or to an Approver first where posts need approval.",
            yesText: "Publish now", cancelText: "Cancel");
        if (go == true)
        {
            Show(await _model.PublishNowAsync((await Auth).User.ToActor()));
        }
    }

    private async Task SaveDraftAsync() => Show(await _model.SaveDraftAsync((await Auth).User.ToActor()));

    private void Show(ComposeOutcome? outcome)
    {
        if (outcome is not null)
        {
            snackbar.Show(outcome.Notice);
            if (outcome.GoTo is { } address)
            {
                navigation.NavigateTo(address);
            }
        }
    }

    private void Queued(int accountId) => navigation.NavigateTo(_model.Queued(accountId));

    private async Task UploadAsync(InputFileChangeEventArgs e) => await _model.UploadAsync(e.GetMultipleFiles(ComposeModel.MaxFiles), (await Auth).User.ToActor());

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!_model.Dirty)
        {
            return;
        }

        var leave = await dialogs.ShowMessageBoxAsync("Leave without saving?", "This post has changes that are not saved.",
            yesText: "Leave", cancelText: "Stay");
        if (leave != true)
        {
            context.PreventNavigation();
        }
    }
}
