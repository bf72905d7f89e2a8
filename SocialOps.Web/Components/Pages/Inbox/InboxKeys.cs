namespace SocialOps.Web.Components.Pages.Inbox;

public enum InboxCommand
{
    None,
    Next,
    Previous,
    Open,
    Reply,
    Handled,
    Assign,
    Search,
    Help,
    Close,
}

/// <summary>The inbox's keys: j/k move, o open, r reply, e mark handled, a assign, / search, ? the list of keys.</summary>
public static class InboxKeys
{
    public static readonly IReadOnlyList<(string Key, string What)> Help =
    [
        ("j / k", "next / previous item"), ("o", "open the item"), ("r", "reply (opens the item, puts the cursor in the reply)"),
        ("e", "mark handled"), ("a", "assign"), ("/", "search"), ("?", "show these keys"), ("Esc", "close"),
    ];

    /// <summary>The command for a key pressed outside a text field; modifier chords are left to the browser.</summary>
    public static InboxCommand For(string key, bool ctrl = false, bool alt = false, bool meta = false) => ctrl || alt || meta ? InboxCommand.None : key switch
    {
        "j" or "ArrowDown" => InboxCommand.Next,
        "k" or "ArrowUp" => InboxCommand.Previous,
        "o" or "Enter" => InboxCommand.Open,
        "r" => InboxCommand.Reply,
        "e" => InboxCommand.Handled,
        "a" => InboxCommand.Assign,
        "/" => InboxCommand.Search,
        "?" => InboxCommand.Help,
        "Escape" => InboxCommand.Close,
        _ => InboxCommand.None,
    };

    /// <summary>The id after (or before) <paramref name="current"/> in the list; the first item when nothing is selected.</summary>
    public static long? Move(IList<long> ids, long? current, int step)
    {
        if (ids.Count == 0)
        {
            return null;
        }

        var index = current is { } id ? ids.IndexOf(id) : -1;
        return index < 0 ? ids[0] : ids[Math.Clamp(index + step, 0, ids.Count - 1)];
    }
}
