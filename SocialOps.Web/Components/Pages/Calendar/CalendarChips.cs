using MudBlazor;
using SocialOps.Core.Calendar;
using SocialOps.Core.Content;

namespace SocialOps.Web.Components.Pages.Calendar;

/// <summary>How a calendar chip and slot read: words, marks and colours.</summary>
internal static class CalendarChips
{
    public static string SlotTitle(DateTime slot, SlotKind kind) => kind switch
    {
        SlotKind.Skipped => $"{slot:HH:mm} does not exist on this day: clocks go forward",
        SlotKind.Repeated => $"{slot:HH:mm} happens twice on this day: clocks go back",
        _ => $"New post at {slot:HH:mm}",
    };

    /// <summary>
    /// The post's text for a chip, which shows as much of it as its width allows (one line in the month, two in the
    /// agenda) and cuts the rest with an ellipsis; the full text is the chip's title. Beyond
    /// <see cref="ChipChars"/> characters no chip has room, so they are not sent.
    /// </summary>
    public static string ChipText(string text)
    {
        var shown = WithoutDemoMark(text).ReplaceLineEndings(" ");
        return shown.Length > ChipChars ? string.Concat(shown.AsSpan(0, ChipChars - 1), "…") : shown;
    }

    private const int ChipChars = 400;

    // The app bar already says the install holds demo data; a chip's room is better spent on the post.
    private static string WithoutDemoMark(string text) => text.StartsWith("[Demo] ", StringComparison.Ordinal) ? text[7..] : text;

    public static string FirstWords(string text)
    {
        text = WithoutDemoMark(text);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var shown = string.Join(' ', words.Take(6));
        return shown.Length > 48 ? string.Concat(shown.AsSpan(0, 47), "…") : words.Length > 6 ? shown + "…" : shown;
    }

    public static string StatusWord(CalendarItem item) =>
        item.IsProjected ? "planned (series)" : item.IsRecurring ? $"{item.Status} (series)" : item.Status.ToString();

    public static string StatusClass(CalendarItem item) => $"status-{item.Status.ToString().ToLowerInvariant()}";

    public static string StatusIcon(CalendarItem item) => item.Status switch
    {
        _ when item.IsProjected || (item.IsRecurring && item.Status == PostStatus.Scheduled) => Icons.Material.Filled.Repeat,
        PostStatus.Published => Icons.Material.Filled.CheckCircle,
        PostStatus.Draft => Icons.Material.Filled.EditNote,
        PostStatus.PendingApproval => Icons.Material.Filled.HourglassTop,
        PostStatus.Failed or PostStatus.Missed or PostStatus.Unconfirmed => Icons.Material.Filled.Warning,
        PostStatus.Publishing or PostStatus.Retrying => Icons.Material.Filled.Sync,
        _ => Icons.Material.Filled.Schedule,
    };

    public static Color StatusColor(CalendarItem item) => item.Status switch
    {
        PostStatus.Failed or PostStatus.Missed or PostStatus.Unconfirmed or PostStatus.Retrying => Color.Warning,
        PostStatus.Published => Color.Success,
        _ => Color.Default,
    };
}
