using System.Globalization;
using System.Text.RegularExpressions;
using SocialOps.Core.Publishing;

namespace SocialOps.Web.Components.Pages.Compose;

/// <summary>What a run of post text is, for the colour the platforms give it.</summary>
public enum SegmentKind
{
    Text,
    Link,
    Hashtag,
    Mention,
}

/// <summary>A run of post text; <see cref="Shown"/> differs from <see cref="Text"/> where a platform shortens links.</summary>
public sealed record PreviewSegment(SegmentKind Kind, string Text, string Shown);

/// <summary>The text work behind a preview: highlighting, the fold before "more", names, handles and initials.</summary>
public static partial class PreviewText
{
    /// <summary>How long a shortened link may be on the platforms that shorten them, as X and Mastodon show them.</summary>
    public const int ShortLink = 23;

    public static IReadOnlyList<PreviewSegment> Segments(string text, bool shortenLinks)
    {
        var segments = new List<PreviewSegment>();
        var at = 0;
        foreach (Match match in Marked().Matches(text))
        {
            if (match.Index > at)
            {
                segments.Add(new(SegmentKind.Text, text[at..match.Index], text[at..match.Index]));
            }

            var value = match.Value;
            var kind = match.Groups["link"].Success ? SegmentKind.Link : match.Groups["tag"].Success ? SegmentKind.Hashtag : SegmentKind.Mention;
            segments.Add(new(kind, value, kind == SegmentKind.Link && shortenLinks ? Shorten(value) : value));
            at = match.Index + match.Length;
        }

        if (at < text.Length)
        {
            segments.Add(new(SegmentKind.Text, text[at..], text[at..]));
        }

        return segments;
    }

    /// <summary>A link as the short-link platforms print it: no scheme or www, cut with an ellipsis.</summary>
    public static string Shorten(string link)
    {
        var shown = Scheme().Replace(link, "");
        return shown.Length <= ShortLink ? shown : string.Concat(shown.AsSpan(0, ShortLink - 1), "…");
    }

    /// <summary>
    /// The part of <paramref name="text"/> a feed shows before its "more": at most <see cref="PreviewLook.FoldLines"/>
    /// lines and <see cref="PreviewLook.FoldChars"/> characters, cut at a space where one is near. Folded is false when
    /// it all shows.
    /// </summary>
    public static (string Shown, bool Folded) Fold(string text, PreviewLook look)
    {
        var full = text.TrimEnd();
        var shown = full;
        if (look.FoldLines is { } lines && shown.Split('\n') is { } parts && parts.Length > lines)
        {
            shown = string.Join('\n', parts.Take(lines));
        }

        if (look.FoldChars is { } chars && new StringInfo(shown).LengthInTextElements > chars)
        {
            var cut = new StringInfo(shown).SubstringByTextElements(0, chars);
            var space = cut.LastIndexOfAny([' ', '\n']);
            shown = space > chars / 2 ? cut[..space] : cut;
        }

        shown = shown.TrimEnd();
        return (shown, shown.Length < full.Length);
    }

    /// <summary>
    /// Up to two initials of a name (first letters of its first and last words, leaving out a bracketed note such as
    /// "(demo)"), for an avatar without a picture.
    /// </summary>
    public static string Initials(string? name)
    {
        var words = (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.StartsWith('(') && !w.StartsWith('['))
            .Select(w => w.TrimStart('@', '#')).Where(w => w.Length > 0).ToList();
        if (words.Count == 0)
        {
            return "?";
        }

        var first = FirstLetter(words[0]);
        return words.Count == 1 ? first : first + FirstLetter(words[^1]);
    }

    private static string FirstLetter(string word) => new StringInfo(word).SubstringByTextElements(0, 1).ToUpperInvariant();

    /// <summary>
    /// The handle as <paramref name="platform"/> prints it: with its @, with the server on Mastodon when known, and made
    /// up from the name when the account has none stored (a Sandbox account).
    /// </summary>
    public static string Handle(Platform platform, string? handle, string name)
    {
        var bare = (handle ?? "").Trim().TrimStart('@');
        if (bare.Length == 0)
        {
            bare = NotInHandle().Replace(name.ToLowerInvariant(), "");
            bare = bare.Length == 0 ? "account" : bare;
            if (platform == Platform.Bluesky)
            {
                bare += ".bsky.social";
            }
        }

        return "@" + bare;
    }

    // A link, a hashtag or a mention where each starts a word (so an e-mail address is not a mention).
    [GeneratedRegex(@"(?<link>https?://[^\s]+[^\s.,;:!?)""'])|(?<![\p{L}\p{N}_&#])(?<tag>#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)|(?<![\p{L}\p{N}_@])(?<mention>@[\p{L}\p{N}_]+(?:[.-][\p{L}\p{N}_]+)*(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex Marked();

    [GeneratedRegex(@"^https?://(www\.)?", RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();

    [GeneratedRegex(@"[^a-z0-9_]")]
    private static partial Regex NotInHandle();
}
