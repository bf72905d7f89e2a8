using MudBlazor;
using SocialOps.Core.Common;

namespace SocialOps.Web.Components;

/// <summary>
/// Pages call the same services as the API; a refusal (the role does not allow it, the post moved on meanwhile) is
/// shown as a message, never as an error page.
/// </summary>
public static class Refusals
{
    /// <summary>Runs <paramref name="action"/>; false (with the reason shown) when the service refused it.</summary>
    public static async Task<bool> TryAsync(this ISnackbar snackbar, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (RefusedException refused)
        {
            snackbar.Add(refused.Message, Severity.Warning);
            return false;
        }
    }
}
