using MudBlazor;

namespace SocialOps.Web.Components;

public enum NoticeKind
{
    Info,
    Success,
    Warning,
    Error,
}

/// <summary>What a page model has to tell the person: what happened, or why not.</summary>
public sealed record Notice(string Text, NoticeKind Kind)
{
    public static Notice Info(string text) => new(text, NoticeKind.Info);

    public static Notice Success(string text) => new(text, NoticeKind.Success);

    public static Notice Warning(string text) => new(text, NoticeKind.Warning);

    public static Notice Error(string text) => new(text, NoticeKind.Error);
}

/// <summary>How the pages show a <see cref="Notice"/>.</summary>
public static class Notices
{
    public static Severity Severity(this Notice notice) => notice.Kind switch
    {
        NoticeKind.Success => MudBlazor.Severity.Success,
        NoticeKind.Warning => MudBlazor.Severity.Warning,
        NoticeKind.Error => MudBlazor.Severity.Error,
        _ => MudBlazor.Severity.Info,
    };

    public static void Show(this ISnackbar snackbar, Notice notice) => snackbar.Add(notice.Text, notice.Severity());
}
