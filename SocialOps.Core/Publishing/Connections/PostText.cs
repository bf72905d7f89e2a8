using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>How a platform's copy of a text compares with ours.</summary>
public enum TextMatch
{
    Different,
    Similar,
    Same,
}

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

    /// <summary>Same text once both are normalised (<see cref="Normalise"/>): how a lost post or reply is recognised among the account's.</summary>
    public static bool SameText(string a, string b) => Compare(a, b) == TextMatch.Same;

    /// <summary>
    /// A platform's copy of a text as comparable plain text: its short links replaced by where they lead (or dropped, for a
    /// link the platform appended to show media: <paramref name="links"/> maps it to null), HTML entities decoded
    /// (<c>&amp;amp;</c>, <c>&amp;lt;</c>, <c>&amp;gt;</c>…), Unicode composed (NFC) and whitespace collapsed.
    /// </summary>
    public static string Normalise(string text, IReadOnlyDictionary<string, string?>? links = null)
    {
        foreach (var (shortLink, target) in (links ?? new Dictionary<string, string?>()).OrderByDescending(l => l.Key.Length))
        {
            text = text.Replace(shortLink, target ?? "", StringComparison.Ordinal);
        }

        text = WebUtility.HtmlDecode(text).Normalize(NormalizationForm.FormC);
        return Spaces().Replace(text, " ").Trim();
    }

    /// <summary>
    /// How a platform's copy (<paramref name="theirs"/>, normalised already or not) compares with the text we sent: the same,
    /// similar (equal but for case, punctuation or links, or one cut short: it may be ours, it may not), or different.
    /// </summary>
    public static TextMatch Compare(string theirs, string ours)
    {
        var (a, b) = (Normalise(theirs), Normalise(ours));
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return TextMatch.Same;
        }

        var (looseA, looseB) = (Loose(a), Loose(b));
        if (looseA.Length == 0 || looseB.Length == 0)
        {
            return TextMatch.Different;
        }

        var cutShort = Math.Min(looseA.Length, looseB.Length) >= 20 && (looseA.StartsWith(looseB, StringComparison.Ordinal) || looseB.StartsWith(looseA, StringComparison.Ordinal));
        return looseA == looseB || cutShort || Close(looseA, looseB) ? TextMatch.Similar : TextMatch.Different;
    }

    /// <summary>At most one edit in ten apart (at least two allowed), by Levenshtein distance; long texts only when nearly as long.</summary>
    private static bool Close(string a, string b)
    {
        var allowed = Math.Max(2, Math.Max(a.Length, b.Length) / 10);
        if (Math.Abs(a.Length - b.Length) > allowed || (long)a.Length * b.Length > 4_000_000)
        {
            return false;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length] <= allowed;
    }

    /// <summary>Letters and digits only, lower case, links left out.</summary>
    private static string Loose(string text) =>
        new([.. Links().Replace(text, " ").ToLowerInvariant().Where(char.IsLetterOrDigit)]);

    [GeneratedRegex(@"https?://\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Links();

    [GeneratedRegex(@"<br\s*/?>|</p>\s*<p>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
