using SocialOps.Core.Common;
using SocialOps.Core.Inbox;

namespace SocialOps.Web.Components.Pages.Inbox;

/// <summary>Bulk actions, saved views and the message that says how the last action went.</summary>
public sealed partial class InboxModel
{
    /// <summary>How the last action went; null once dismissed.</summary>
    public Notice? Message { get; set; }

    /// <summary>The "save this view" form is open.</summary>
    public bool SavingView { get; set; }

    public string? ViewName { get; set; }

    public async Task MarkSelectedHandledAsync()
    {
        await ActAsync(() => service.SetStateAsync([.. _selected], HandledState.Dismissed, null, _actor), $"{_selected.Count} marked handled.");
        _selected.Clear();
    }

    /// <summary>Assigns the selection to <paramref name="userId"/>, or to nobody with <see cref="InboxFilter.Unassigned"/>.</summary>
    public async Task AssignSelectedAsync(string? userId)
    {
        await ActAsync(() => service.AssignAsync([.. _selected], userId == InboxFilter.Unassigned ? null : userId, _actor), $"{_selected.Count} assigned.");
        _selected.Clear();
    }

    /// <summary>The opened item's panel did something (a reply, an assignment) and says so.</summary>
    public void Report(string message) => Message = Notice.Success(message);

    public Task ClosePanelAsync()
    {
        Panel = InboxPanel.None;
        return LoadAsync();
    }

    public Task ApplyViewAsync(SavedView view)
    {
        (Filter, Query, PageNumber) = (view.Filter with { Query = null }, view.Filter.Query, 1);
        return LoadAsync();
    }

    /// <summary>Saves the filter and search under <see cref="ViewName"/> for the signed-in person.</summary>
    public async Task SaveViewAsync()
    {
        if (_actor.UserId is not { } id)
        {
            Message = Notice.Warning("Only a signed-in person can save views.");
            return;
        }

        var problem = await views.SaveAsync(_actor, ViewName, Filter with { Query = Query });
        Message = problem is null ? Notice.Success($"View '{ViewName?.Trim()}' saved.") : Notice.Error(problem);
        if (problem is null)
        {
            (SavingView, ViewName) = (false, null);
            Views = await views.ListAsync(id);
        }
    }

    public async Task DeleteViewsAsync()
    {
        if (_actor.UserId is { } id)
        {
            foreach (var view in Views)
            {
                await views.DeleteAsync(_actor, view.Id);
            }

            Views = await views.ListAsync(id);
        }
    }

    /// <summary>Runs an action and says how it went; a refusal (no access, a conflict) is said, not thrown.</summary>
    private async Task ActAsync(Func<Task<InboxOutcome>> action, string done)
    {
        try
        {
            var outcome = await action();
            Message = outcome.Failure == InboxFailure.None ? Notice.Success(done) : outcome.Message is { } problem ? Notice.Error(problem) : null;
        }
        catch (RefusedException refused)
        {
            Message = Notice.Error(refused.Message);
        }
    }
}
