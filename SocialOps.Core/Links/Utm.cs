namespace SocialOps.Core.Links;

/// <summary>Adds the UTM parameters to an address; a <c>utm_*</c> parameter the address already has is kept as it is.</summary>
public static class Utm
{
    public const string Medium = "social";

    public static string Tag(string url, string? source, string? campaign, string? content)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var fragment = hash >= 0 ? url[hash..] : "";
        var head = hash >= 0 ? url[..hash] : url;
        var q = head.IndexOf('?', StringComparison.Ordinal);
        var query = q >= 0 ? head[(q + 1)..] : "";
        var present = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Uri.UnescapeDataString(p.Split('=')[0]).ToLowerInvariant()).ToHashSet();

        var added = new List<string>();
        Add("utm_source", source);
        Add("utm_medium", Medium);
        Add("utm_campaign", campaign);
        Add("utm_content", content);
        if (added.Count == 0)
        {
            return url;
        }

        var separator = q < 0 ? "?" : head.EndsWith('?') || head.EndsWith('&') ? "" : "&";
        return head + separator + string.Join('&', added) + fragment;

        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value) && !present.Contains(name))
            {
                added.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
            }
        }
    }
}
