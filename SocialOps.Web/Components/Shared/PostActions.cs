using MudBlazor;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Scheduling;
using SocialOps.Web.Components.Pages.Posts;

namespace SocialOps.Web.Components.Shared;

/// <summary>
/// "Publish now" and settling an unconfirmed post, as the posts list and the post panel both offer them. Each answers
/// whether it went and what to tell the person, or null when the person changed their mind.
/// </summary>
internal static class PostActions
{
    /// <summary>The platform cannot say whether an Unconfirmed post is there: it is sent again only when the person checked and says so.</summary>
    public static async Task<(bool Ok, string Message)?> PublishNowAsync(SchedulingService scheduling, IDialogService dialogs, int postId, Actor actor)
    {
        var (result, errors) = await scheduling.PublishNowAsync(postId, actor);
        if (errors.TryGetValue(SchedulingService.ConfirmField, out var question))
        {
            if (await dialogs.ShowMessageBoxAsync("Send it again?", question[0], yesText: "Send again", cancelText: "Cancel") != true)
            {
                return null;
            }

            (result, errors) = await scheduling.PublishNowAsync(postId, actor, confirmed: true);
        }

        return result is null ? (false, Problems(errors))
            : (true, result.Status == nameof(PostStatus.Published) ? "The platform has this post already: marked as published." : "Publishing now.");
    }

    /// <summary>Marks an unconfirmed post published (with its link) or failed (with a reason), as asked in the settle dialog.</summary>
    public static async Task<(bool Ok, string Message)?> SettleAsync(PostOutcomes outcomes, IDialogService dialogs, int postId, bool published, Actor actor)
    {
        var dialog = await dialogs.ShowAsync<SettleDialog>(null, new DialogParameters<SettleDialog> { { d => d.Published, published } });
        if (await dialog.Result is not { Canceled: false, Data: string value })
        {
            return null;
        }

        var (result, errors) = published
            ? await outcomes.MarkPublishedAsync(postId, new MarkPublishedRequest(value), actor)
            : await outcomes.MarkFailedAsync(postId, new MarkFailedRequest(value), actor);
        return result is null ? (false, Problems(errors)) : (true, published ? "Marked as published." : "Marked as failed.");
    }

    public static string Problems(ValidationErrors errors) => string.Join(" ", errors.SelectMany(e => e.Value));
}
