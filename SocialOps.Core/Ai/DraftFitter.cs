using System.Text.RegularExpressions;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Ai;

/// <summary>Fits a draft into a platform's limits by dropping whole sentences (whole words at worst), never cutting a word.</summary>
public static partial class DraftFitter
{
    public static bool Fits(Platform platform, string text) => !ContentRules.Check(platform, text).Problems.Any(p => p.Field == "content");

    /// <summary>The hashtags in a text, each once, in order.</summary>
    public static IReadOnlyList<string> HashtagsIn(string text) =>
        [.. HashtagToken().Matches(text).Select(m => m.Value).Where(ContentRules.IsHashtag).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The text unchanged if it fits, else the longest run of its first sentences that does (keeping its closing hashtags when they fit too).</summary>
    public static string Trim(Platform platform, string text)
    {
        text = text.Trim();
        if (Fits(platform, text))
        {
            return text;
        }

        var (body, tags) = SplitClosingHashtags(text);
        foreach (var suffix in tags.Length > 0 ? new[] { "\n\n" + tags, "" } : [""])
        {
            var ends = SentenceEnd().Matches(body).Select(m => m.Index + m.Length).Append(body.Length).Distinct().OrderDescending();
            foreach (var end in ends)
            {
                var candidate = body[..end].TrimEnd() + suffix;
                if (Fits(platform, candidate))
                {
                    return candidate;
                }
            }
        }

        return TrimWords(platform, body);
    }

    private static string TrimWords(Platform platform, string body)
    {
        // Word ends in increasing order; the longest prefix that fits is found by bisection (length grows with the prefix).
        var ends = WordEnd().Matches(body).Select(m => m.Index + m.Length).ToList();
        int lo = 0, hi = ends.Count - 1, best = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (Fits(platform, body[..ends[mid]].TrimEnd(',', ';', ':', '-', ' ') + "…"))
            {
                best = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return best < 0 ? "" : body[..ends[best]].TrimEnd(',', ';', ':', '-', ' ') + "…";
    }

    private static (string Body, string Tags) SplitClosingHashtags(string text)
    {
        var match = ClosingHashtags().Match(text);
        return match.Success && match.Index > 0 ? (text[..match.Index].TrimEnd(), match.Value.Trim()) : (text, "");
    }

    [GeneratedRegex(@"[.!?…。！？]+[""'”’)\]]*(?=\s|$)|\n+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\S+")]
    private static partial Regex WordEnd();

    [GeneratedRegex(@"(?:\s*#[\p{L}\p{N}_]+)+\s*$")]
    private static partial Regex ClosingHashtags();

    [GeneratedRegex(@"#[\p{L}\p{N}_]+")]
    private static partial Regex HashtagToken();
}
