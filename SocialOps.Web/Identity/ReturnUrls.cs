namespace SocialOps.Web.Identity;

public static class ReturnUrls
{
    /// <summary>
    /// A return address as a path relative to the app, or "" (the dashboard) for anything that could leave
    /// the site: absolute or protocol-relative URLs, schemes such as <c>javascript:</c>, backslashes.
    /// </summary>
    public static string Local(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "";
        }

        url = url.Trim();
        if (url.StartsWith("//", StringComparison.Ordinal) || url.Contains(':', StringComparison.Ordinal) || url.Contains('\\', StringComparison.Ordinal))
        {
            return "";
        }

        return url.TrimStart('/');
    }
}
