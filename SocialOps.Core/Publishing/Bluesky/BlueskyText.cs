using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SocialOps.Core.Publishing.Bluesky;

/// <summary>A link, mention or hashtag in a post's text, at UTF-8 byte offsets as AT Protocol facets need them.</summary>
public sealed record Facet(int ByteStart, int ByteEnd, string Kind, string Value);

/// <summary>Facets and record keys for Bluesky posts.</summary>
public static partial class BlueskyText
{
    private const string SortableBase32 = "234567abcdefghijklmnopqrstuvwxyz";

    /// <summary>Links (<c>https://…</c>), mentions (<c>@handle.domain</c>) and hashtags, with UTF-8 byte offsets.</summary>
    public static IReadOnlyList<Facet> FindFacets(string text)
    {
        var facets = new List<Facet>();
        foreach (Match m in Links().Matches(text))
        {
            facets.Add(At(text, m.Index, m.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')'), "link"));
        }

        foreach (Match m in Mentions().Matches(text))
        {
            var group = m.Groups["handle"];
            facets.Add(At(text, group.Index - 1, "@" + group.Value, "mention"));
        }

        foreach (Match m in Hashtags().Matches(text))
        {
            var group = m.Groups["tag"];
            facets.Add(At(text, group.Index - 1, "#" + group.Value, "tag"));
        }

        return [.. facets.Where(f => !facets.Any(o => o != f && o.Kind == "link" && o.ByteStart <= f.ByteStart && f.ByteEnd <= o.ByteEnd))
            .OrderBy(f => f.ByteStart)];
    }

    /// <summary>
    /// A TID record key derived from the post's idempotency key: every attempt for one post writes under the same key,
    /// so the repository refuses a second copy and <c>getRecord</c> tells whether the first one landed.
    /// </summary>
    public static string RecordKey(string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        var value = BitConverter.ToUInt64(hash, 0) & 0x7FFF_FFFF_FFFF_FFFF; // the top bit of a TID is always 0
        var key = new char[13];
        for (var i = 12; i >= 0; i--)
        {
            key[i] = SortableBase32[(int)(value & 31)];
            value >>= 5;
        }

        return new string(key);
    }

    private static Facet At(string text, int charIndex, string value, string kind)
    {
        var start = Encoding.UTF8.GetByteCount(text.AsSpan(0, charIndex));
        var length = Encoding.UTF8.GetByteCount(value);
        var stripped = kind switch { "mention" or "tag" => value[1..], _ => value };
        return new Facet(start, start + length, kind, stripped);
    }

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Links();

    [GeneratedRegex(@"(?<=^|[\s(])@(?<handle>[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+)")]
    private static partial Regex Mentions();

    [GeneratedRegex(@"(?<=^|\s)#(?<tag>[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)")]
    private static partial Regex Hashtags();
}
