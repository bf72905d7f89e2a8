using System.Text;
using System.Text.RegularExpressions;

namespace SocialOps.Core.Publishing;

/// <summary>How a platform counts the length of a post.</summary>
public enum LengthCounting
{
    /// <summary>User-perceived characters (grapheme clusters).</summary>
    Graphemes,

    /// <summary>X's weighted count: most Latin text 1, other scripts and emoji 2, every link 23.</summary>
    XWeighted,

    /// <summary>Mastodon's: user-perceived characters, every link 23 whatever its length (<c>characters_reserved_per_url</c>).</summary>
    GraphemesLinks23,
}

/// <summary>One platform's limits on a post. Add a row to <see cref="ContentRules.Limits"/> for a new platform.</summary>
public sealed record PlatformLimits(
    int MaxLength, LengthCounting Counting = LengthCounting.Graphemes, int? MaxBytes = null, bool RequiresImage = false, int MaxMedia = 4);

/// <summary>One problem with a post, keyed by the field it is about (<c>content</c>, <c>hashtags</c>, <c>mediaReferences</c>).</summary>
public sealed record ContentProblem(string Field, string Message);

/// <summary>A post's length as its platform counts it, and what is wrong with it there (empty when it fits).</summary>
public sealed record ContentCheck(Platform Platform, int Length, int MaxLength, IReadOnlyList<ContentProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;

    public IEnumerable<string> MessagesFor(string field) => Problems.Where(p => p.Field == field).Select(p => p.Message);
}

/// <summary>
/// The one place for per-platform content rules: the scheduler's validator and the composer both ask it, so what the
/// composer shows is what the API enforces.
/// </summary>
public static partial class ContentRules
{
    public const int MaxHashtags = 30;

    /// <summary>Each platform's limits; a platform missing here gets <see cref="Default"/>.</summary>
    public static readonly IReadOnlyDictionary<Platform, PlatformLimits> Limits = new Dictionary<Platform, PlatformLimits>
    {
        [Platform.Sandbox] = new(5000),
        [Platform.X] = new(280, LengthCounting.XWeighted),
        [Platform.Bluesky] = new(300, MaxBytes: 3000),
        [Platform.Mastodon] = new(500, LengthCounting.GraphemesLinks23),
        [Platform.Threads] = new(500),
        [Platform.Instagram] = new(2200, RequiresImage: true, MaxMedia: 10),
        [Platform.LinkedIn] = new(3000, MaxMedia: 9),
        [Platform.Facebook] = new(63206, MaxMedia: 10),
        [Platform.Webhook] = new(60_000, MaxMedia: 20),
    };

    public static readonly PlatformLimits Default = new(5000);

    public static PlatformLimits For(Platform platform) => Limits.GetValueOrDefault(platform, Default);

    /// <summary>The most parts a thread may have, its first post included.</summary>
    public const int MaxThreadParts = 25;

    /// <summary>Where a post can be a thread: each part a reply to the one before (the Sandbox behaves alike).</summary>
    public static bool SupportsThreads(Platform platform) => platform is Platform.X or Platform.Bluesky or Platform.Threads or Platform.Mastodon or Platform.Sandbox;

    /// <summary>Where a post can carry a first comment of our own: a reply on the thread platforms, a comment on the others here.</summary>
    public static bool SupportsFirstComment(Platform platform) =>
        SupportsThreads(platform) || platform is Platform.Instagram or Platform.Facebook or Platform.LinkedIn;

    /// <summary>The text as it goes out: the content, then the hashtags that are not in it already.</summary>
    public static string Compose(string content, IEnumerable<string> hashtags)
    {
        var missing = hashtags.Where(h => !content.Contains(h, StringComparison.OrdinalIgnoreCase)).ToList();
        return missing.Count == 0 ? content : $"{content}\n\n{string.Join(' ', missing)}";
    }

    /// <summary>
    /// Checks one post for one platform: text (as published, hashtags included) and media. Pass null
    /// <paramref name="media"/> to check the text alone (an edit that leaves the media as they are), and the account's
    /// own limit as <paramref name="accountMaxLength"/> where its server sets one (a Mastodon instance's).
    /// </summary>
    public static ContentCheck Check(
        Platform platform, string? content, IReadOnlyList<string>? hashtags = null, IReadOnlyList<string>? media = null, int? accountMaxLength = null)
    {
        var limits = accountMaxLength is > 0 and var own ? For(platform) with { MaxLength = own } : For(platform);
        var errors = new List<ContentProblem>();
        var text = content?.Trim() ?? "";
        var tags = hashtags ?? [];
        var published = Compose(text, tags);
        var length = Length(published, limits.Counting);
        if (text.Length == 0)
        {
            errors.Add(new("content", "The post is empty."));
        }
        else if (length > limits.MaxLength)
        {
            errors.Add(new("content", $"{length} characters is over {platform}'s limit of {limits.MaxLength}."));
        }
        else if (limits.MaxBytes is { } maxBytes && Encoding.UTF8.GetByteCount(published) is var bytes && bytes > maxBytes)
        {
            errors.Add(new("content", $"{bytes} bytes is over {platform}'s limit of {maxBytes} bytes."));
        }

        if (tags.Count > MaxHashtags)
        {
            errors.Add(new("hashtags", $"At most {MaxHashtags} hashtags."));
        }
        else if (tags.FirstOrDefault(h => !IsHashtag(h)) is { } bad)
        {
            errors.Add(new("hashtags", $"'{bad}' is not a hashtag: start with # and use letters, digits or _."));
        }

        if (media is not null && limits.RequiresImage && !media.Any(MediaTypes.IsImageReference))
        {
            errors.Add(new("mediaReferences", $"{platform} needs at least one image."));
        }

        if (media is not null && media.Count > limits.MaxMedia)
        {
            errors.Add(new("mediaReferences", $"{platform} takes at most {limits.MaxMedia} media files; this post has {media.Count}."));
        }

        return new ContentCheck(platform, length, limits.MaxLength, errors);
    }

    public static bool IsHashtag(string? tag) => tag is not null && Hashtag().IsMatch(tag);

    /// <summary>The length of <paramref name="text"/> as a platform with this counting sees it.</summary>
    public static int Length(string text, LengthCounting counting) => counting switch
    {
        LengthCounting.XWeighted => XWeightedLength(text),
        LengthCounting.GraphemesLinks23 => Url().Count(text) * 23 + new StringInfo(Url().Replace(text, "")).LengthInTextElements,
        _ => new StringInfo(text).LengthInTextElements,
    };

    /// <summary>
    /// X's weighting (twitter-text v3): a character in the Latin, general punctuation and similar ranges counts 1,
    /// any other (CJK, emoji) 2, and every URL 23 whatever its length.
    /// </summary>
    private static int XWeightedLength(string text)
    {
        var length = 0;
        var withoutUrls = Url().Replace(text, m =>
        {
            length += 23;
            return "";
        });
        var elements = StringInfo.GetTextElementEnumerator(withoutUrls);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            var rune = Rune.GetRuneAt(element, 0).Value;
            var light = element.Length == 1 && (rune <= 0x10FF || rune is >= 0x2000 and <= 0x200D or >= 0x2010 and <= 0x201F or >= 0x2032 and <= 0x2037);
            length += light ? 1 : 2;
        }

        return length;
    }

    [GeneratedRegex(@"^#[\p{L}\p{N}_]{1,100}$")]
    private static partial Regex Hashtag();

    [GeneratedRegex(@"https?://[^\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
