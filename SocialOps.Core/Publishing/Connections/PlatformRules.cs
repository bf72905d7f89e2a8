namespace SocialOps.Core.Publishing.Connections;

/// <summary>How a platform counts a post's length.</summary>
public enum LengthCounting
{
    /// <summary>User-perceived characters (grapheme clusters).</summary>
    Graphemes,

    /// <summary>X's weighted count after NFC: emoji and CJK count 2, a URL counts 23.</summary>
    XWeighted,
}

/// <summary>
/// A platform's content limits, as its documentation gives them. The content-rules validator reads them; a Mastodon
/// account's own instance limit (from <c>/api/v2/instance</c>) is kept on the account and wins over <see cref="MaxLength"/>.
/// </summary>
public sealed record PlatformRules(
    Platform Platform, int MaxLength, LengthCounting Counting = LengthCounting.Graphemes, int? MaxBytes = null,
    int? UrlLength = null, int MaxMedia = 4, int? MaxHashtags = null, bool RequiresMedia = false, long? MaxImageBytes = null)
{
    private static readonly Dictionary<Platform, PlatformRules> All = new()
    {
        [Platform.Sandbox] = new(Platform.Sandbox, 5000),
        [Platform.Webhook] = new(Platform.Webhook, 60_000, MaxMedia: 20),
        [Platform.Mastodon] = new(Platform.Mastodon, 500, UrlLength: 23, MaxImageBytes: 16 * 1024 * 1024),
        [Platform.Bluesky] = new(Platform.Bluesky, 300, MaxBytes: 3000, MaxImageBytes: 2_000_000),
        [Platform.X] = new(Platform.X, 280, LengthCounting.XWeighted, UrlLength: 23, MaxImageBytes: 5 * 1024 * 1024),
        [Platform.Threads] = new(Platform.Threads, 500, MaxMedia: 20, MaxHashtags: 1, MaxImageBytes: 8 * 1024 * 1024),
        [Platform.Instagram] = new(Platform.Instagram, 2200, MaxMedia: 10, MaxHashtags: 30, RequiresMedia: true, MaxImageBytes: 8 * 1024 * 1024),
        [Platform.LinkedIn] = new(Platform.LinkedIn, 3000, MaxMedia: 20),
        [Platform.Facebook] = new(Platform.Facebook, 63_206, MaxMedia: 10, MaxImageBytes: 10 * 1024 * 1024),
    };

    public static PlatformRules For(Platform platform) => All[platform];
}
