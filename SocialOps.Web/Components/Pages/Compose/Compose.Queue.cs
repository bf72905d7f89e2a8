using SocialOps.Core.Common;
using SocialOps.Core.Scheduling;

namespace SocialOps.Web.Components.Pages.Compose;

/// <summary>Sending a new post to the chosen accounts' posting queues instead of picking a time.</summary>
public partial class Compose
{
    private IReadOnlyList<QueueRequest> QueueRequests(bool shareNext) =>
        [.. _targets.Where(t => _selected.Contains(t.Key) && t.AccountId is not null)
            .Select(t => new QueueRequest(t.AccountId, TextFor(t.Platform), Hashtags, [.. _media], shareNext))];

    private void Queued(int accountId)
    {
        _dirty = false;
        Navigation.NavigateTo($"queue?account={accountId}");
    }

    private void QueueErrors(ValidationErrors errors) => _errors = errors;
}
