using System.Net;
using System.Text.RegularExpressions;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>The text that goes out for a post, and plain text back from platforms that answer in HTML.</summary>
public static partial class PostText
{
    /// <summary>The content, followed by the hashtags it does not already contain.</summary>
    public static string Compose(PublishRequest request)
    {
        var missing = request.Hashtags.Where(tag => !request.Content.Contains(tag, StringComparison.OrdinalIgnoreCase)).ToList();
        return missing.Count == 0 ? request.Content : $"{request.Content}\n\n{string.Join(' ', missing)}";
    }

    /// <summary>Mastodon's status HTML as plain text: line breaks kept, tags dropped, entities decoded.</summary>
    public static string FromHtml(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var text = Breaks().Replace(html, "\n");
        text = Tags().Replace(text, "");
        return WebUtility.HtmlDecode(text).Trim();
    }

    /// <summary>Same text, ignoring differences of whitespace: how a lost post is recognised among the account's.</summary>
    public static bool SameText(string a, string b) =>
        string.Equals(Spaces().Replace(a, " ").Trim(), Spaces().Replace(b, " ").Trim(), StringComparison.Ordinal);

    [GeneratedRegex(@"<br\s*/?>|</p>\s*<p>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
