using MudBlazor;
using SocialOps.Core.Content;
using SocialOps.Core.Sentiment;

namespace SocialOps.Web.Components.Shared;

internal static class StatusColors
{
    public static Color For(PostStatus status) => status switch
    {
        PostStatus.Published => Color.Success,
        PostStatus.Scheduled => Color.Info,
        PostStatus.PendingApproval => Color.Secondary,
        PostStatus.Failed or PostStatus.Missed => Color.Error,
        PostStatus.Unconfirmed or PostStatus.Retrying => Color.Warning,
        PostStatus.Publishing => Color.Primary,
        _ => Color.Default,
    };

    public static Color For(SentimentLabel label) => label switch
    {
        SentimentLabel.Positive => Color.Success,
        SentimentLabel.Negative => Color.Error,
        _ => Color.Default,
    };
}
