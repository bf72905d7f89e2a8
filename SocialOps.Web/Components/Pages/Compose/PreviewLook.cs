using SocialOps.Core.Publishing;

namespace SocialOps.Web.Components.Pages.Compose;

/// <summary>How a platform lays out attached images in its feed.</summary>
public enum MediaLayout
{
    /// <summary>Small thumbnails in a row: no platform look (Sandbox, webhooks).</summary>
    Thumbnails,

    /// <summary>Up to four in a grid: one wide, two side by side, one tall and two stacked, or two by two (X, Bluesky, Mastodon).</summary>
    Grid,

    /// <summary>The first image square, the others behind it, with a dot per image (Instagram).</summary>
    SquareCarousel,

    /// <summary>Portrait tiles side by side, as many as fit (Threads).</summary>
    Row,

    /// <summary>The first image wide across the post, the next ones smaller below it (Facebook, LinkedIn).</summary>
    Wide,
}

/// <summary>How a platform shows who posted.</summary>
public enum NameStyle
{
    /// <summary>Display name, then the handle in grey on the same line (X, Bluesky).</summary>
    NameAndHandle,

    /// <summary>Display name, the full handle with its server on the line below (Mastodon).</summary>
    NameOverHandle,

    /// <summary>The username alone (Threads, Instagram).</summary>
    Username,

    /// <summary>The page or member name, with "Just now" below (Facebook, LinkedIn, Sandbox).</summary>
    NameOverTime,
}

/// <summary>
/// One platform's feed look for the composer's preview: names, text fold, link display, media layout. Fold lengths are
/// what a feed shows before its "more" on a phone; they vary with the reader's screen, so they are an honest guess.
/// </summary>
public sealed record PreviewLook(
    Platform Platform, string Css, NameStyle Name, MediaLayout Media, int MaxMedia, bool ShortensLinks = false,
    int? FoldChars = null, int? FoldLines = null, string More = "more", string Aspect = "wide")
{
    public static PreviewLook For(Platform platform) => platform switch
    {
        Platform.X => new(platform, "x", NameStyle.NameAndHandle, MediaLayout.Grid, 4, ShortensLinks: true),
        Platform.Bluesky => new(platform, "bluesky", NameStyle.NameAndHandle, MediaLayout.Grid, 4, ShortensLinks: true),
        Platform.Mastodon => new(platform, "mastodon", NameStyle.NameOverHandle, MediaLayout.Grid, 4, ShortensLinks: true),
        Platform.Threads => new(platform, "threads", NameStyle.Username, MediaLayout.Row, 10, ShortensLinks: true),
        Platform.Instagram => new(platform, "instagram", NameStyle.Username, MediaLayout.SquareCarousel, 10, FoldChars: 125, FoldLines: 2),
        Platform.Facebook => new(platform, "facebook", NameStyle.NameOverTime, MediaLayout.Wide, 5, FoldChars: 480, FoldLines: 5, More: "See more"),
        Platform.LinkedIn => new(platform, "linkedin", NameStyle.NameOverTime, MediaLayout.Wide, 5, FoldChars: 210, FoldLines: 3, More: "…more"),
        _ => new(platform, "plain", NameStyle.NameOverTime, MediaLayout.Thumbnails, 20),
    };

    public bool Folds => FoldChars is not null || FoldLines is not null;
}
