using MudBlazor;
using SocialOps.Core.Common;
using SocialOps.Core.Inbox;

namespace SocialOps.Web.Components.Pages.Inbox;

/// <summary>Bulk actions, saved views and messages.</summary>
public partial class Inbox : IDisposable
{
    private enum PendingFocus
    {
        None,
        Reply,
        Assign,
    }

    private PendingFocus _pendingFocus;

    private async Task BulkHandledAsync()
    {
        await ActAsync(() => Service.SetStateAsync([.. _selected], HandledState.Dismissed, null, Actor), $"{_selected.Count} marked handled.");
        _selected.Clear();
    }

    private async Task BulkAssignAsync(string? userId)
    {
        await ActAsync(() => Service.AssignAsync([.. _selected], userId == InboxFilter.Unassigned ? null : userId, Actor), $"{_selected.Count} assigned.");
        _selected.Clear();
    }

    /// <summary>Runs an action and says how it went; a refusal (no access, a conflict) is said, not thrown.</summary>
    private async Task ActAsync(Func<Task<InboxOutcome>> action, string done)
    {
        try
        {
            var outcome = await action();
            (_message, _messageSeverity) = outcome.Failure == InboxFailure.None ? (done, Severity.Success) : (outcome.Message, Severity.Error);
        }
        catch (RefusedException refused)
        {
            (_message, _messageSeverity) = (refused.Message, Severity.Error);
        }
    }

    private async Task OnDetailChangedAsync(string message)
    {
        (_message, _messageSeverity) = (message, Severity.Success);
        await Task.CompletedTask;
    }

    private async Task ClosePanelAsync()
    {
        _panel = Panel.None;
        await LoadAsync();
    }

    private async Task ApplyViewAsync(SavedView view)
    {
        _filter = view.Filter with { Query = null };
        _query = view.Filter.Query;
        _pageNumber = 1;
        await LoadAsync();
    }

    private async Task SaveViewAsync()
    {
        if (UserId is not { } id)
        {
            (_message, _messageSeverity) = ("Only a signed-in person can save views.", Severity.Warning);
            return;
        }

        var problem = await Views.SaveAsync(Actor, _viewName, _filter with { Query = _query });
        (_message, _messageSeverity) = problem is null ? ($"View '{_viewName?.Trim()}' saved.", Severity.Success) : (problem, Severity.Error);
        if (problem is null)
        {
            (_saving, _viewName) = (false, null);
            _views = await Views.ListAsync(id);
        }
    }

    private async Task DeleteViewsAsync()
    {
        if (UserId is { } id)
        {
            foreach (var view in _views)
            {
                await Views.DeleteAsync(Actor, view.Id);
            }

            _views = await Views.ListAsync(id);
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _gate.Dispose();
        GC.SuppressFinalize(this);
    }
}
