using Bunit;
using SocialOps.Core.Publishing;
using SocialOps.Web.Components.Pages.Compose;

namespace SocialOps.Tests.Components;

/// <summary>The composer's preview takes each platform's look: names, text fold, highlighting, media layout, counter.</summary>
public sealed class PostPreviewTests : BunitTest
{
    private static readonly string[] FourImages = ["media/a.png", "media/b.png", "media/c.png", "media/d.png"];

    private IRenderedComponent<PostPreview> Preview(Platform platform, string text, IReadOnlyList<string>? media = null,
        string name = "Northside Roastery", string? handle = null, string? avatar = null) =>
        Render<PostPreview>(p => p
            .Add(x => x.Platform, platform)
            .Add(x => x.Name, name)
            .Add(x => x.Handle, handle)
            .Add(x => x.AvatarUrl, avatar)
            .Add(x => x.Text, text)
            .Add(x => x.Media, media ?? [])
            .Add(x => x.Check, ContentRules.Check(platform, text, [], media)));

    private static string LongCaption => string.Join(' ', Enumerable.Range(1, 40).Select(i => $"word{i}"));

    [Fact]
    public void InstagramFoldsALongCaptionBehindMoreAndOpensItOnATap()
    {
        var preview = Preview(Platform.Instagram, LongCaption, ["media/a.png"]);

        var text = preview.Find("[data-testid=preview-text]");
        Assert.Equal("more", preview.Find("[data-testid=preview-more]").TextContent);
        Assert.Contains("word1 ", text.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("word40", text.TextContent, StringComparison.Ordinal);

        preview.Find("[data-testid=preview-more]").Click();

        Assert.Contains("word40", preview.Find("[data-testid=preview-text]").TextContent, StringComparison.Ordinal);
        Assert.Empty(preview.FindAll("[data-testid=preview-more]"));
    }

    [Fact]
    public void LinkedInAndFacebookFoldLaterThanInstagramAndShortTextIsNotFolded()
    {
        var linkedIn = Preview(Platform.LinkedIn, LongCaption);
        var facebook = Preview(Platform.Facebook, LongCaption);
        var shortPost = Preview(Platform.Instagram, "Fresh roast today", ["media/a.png"]);

        Assert.Contains("more", linkedIn.Find("[data-testid=preview-more]").TextContent, StringComparison.Ordinal);
        Assert.Contains("word30", linkedIn.Find("[data-testid=preview-text]").TextContent, StringComparison.Ordinal);
        Assert.Empty(facebook.FindAll("[data-testid=preview-more]"));
        Assert.Empty(shortPost.FindAll("[data-testid=preview-more]"));
    }

    [Fact]
    public void XShowsFourImagesInATwoByTwoGridAndNoMoreThanFour()
    {
        var preview = Preview(Platform.X, "Four cups", [.. FourImages, "media/e.png"]);

        var grid = preview.Find("[data-layout]");
        Assert.Equal("grid-2x2", grid.GetAttribute("data-layout"));
        var images = grid.QuerySelectorAll("img");
        Assert.Equal(4, images.Length);
        Assert.Equal("Attached image 1 of 5", images[0].GetAttribute("alt"));
    }

    [Fact]
    public void XLaysOutTwoAndThreeImagesAsXDoes()
    {
        Assert.Equal("side-by-side", Preview(Platform.X, "Two", FourImages[..2]).Find("[data-layout]").GetAttribute("data-layout"));
        Assert.Equal("one-and-two", Preview(Platform.X, "Three", FourImages[..3]).Find("[data-layout]").GetAttribute("data-layout"));
    }

    [Fact]
    public void InstagramShowsTheFirstImageSquareWithADotPerImage()
    {
        var preview = Preview(Platform.Instagram, "Three cups", FourImages[..3]);

        Assert.Equal("square-carousel", preview.Find("[data-layout]").GetAttribute("data-layout"));
        Assert.Single(preview.FindAll("[data-layout] img"));
        Assert.Equal(3, preview.FindAll("[data-testid=preview-dots] .pm-dot").Count);
    }

    [Fact]
    public void MentionsHashtagsAndLinksAreHighlightedAndLinksShortenedWhereThePlatformDoes()
    {
        const string Text = "Thanks @anna@roasters.social for the #FlatWhite tips, more at https://example.com/blog/the-long-road-to-a-better-cup (mail hi@example.com)";
        var mastodon = Preview(Platform.Mastodon, Text);
        var linkedIn = Preview(Platform.LinkedIn, Text);

        string Marked(IRenderedComponent<PostPreview> preview, string kind) =>
            string.Join('|', preview.FindAll($"[data-kind={kind}]").Select(e => e.TextContent));
        Assert.Equal("@anna@roasters.social", Marked(mastodon, "mention"));
        Assert.Equal("#FlatWhite", Marked(mastodon, "hashtag"));
        Assert.Equal("example.com/blog/the-l…", Marked(mastodon, "link"));
        Assert.Equal("https://example.com/blog/the-long-road-to-a-better-cup", Marked(linkedIn, "link"));
    }

    [Fact]
    public void AnAccountWithoutAStoredPictureShowsItsInitials()
    {
        var linked = Preview(Platform.Bluesky, "Hello", avatar: "https://cdn.example.net/avatar.png");
        var stored = Preview(Platform.Bluesky, "Hello", avatar: "media/avatar.png");

        var initials = linked.Find("[data-testid=preview-avatar]");
        Assert.Equal("NR", initials.TextContent);
        Assert.Equal("Profile picture of Northside Roastery", initials.GetAttribute("aria-label"));
        Assert.Empty(linked.FindAll("img"));
        Assert.Equal("media/avatar.png", stored.Find("img[data-testid=preview-avatar]").GetAttribute("src"));
    }

    [Fact]
    public void EachPlatformNamesTheAccountItsOwnWay()
    {
        Assert.Contains("@northsideroastery.bsky.social", Preview(Platform.Bluesky, "Hi").Find("header").TextContent, StringComparison.Ordinal);
        Assert.Contains("@roastery@coffee.social", Preview(Platform.Mastodon, "Hi", handle: "roastery@coffee.social").Find("header").TextContent, StringComparison.Ordinal);
        var threads = Preview(Platform.Threads, "Hi", handle: "@northside").Find("header").TextContent;
        Assert.Contains("northside", threads, StringComparison.Ordinal);
        Assert.DoesNotContain("Northside Roastery", threads, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCounterMeasuresAgainstThePlatformsLimitAndMarksTextOverIt()
    {
        var over = Preview(Platform.X, new string('a', 281)).Find("[data-testid=preview-counter]");
        var within = Preview(Platform.Bluesky, "Short").Find("[data-testid=preview-counter]");

        Assert.Equal("281 / 280", over.TextContent.Trim());
        Assert.Contains("over", over.ClassList);
        Assert.Equal("5 / 300", within.TextContent.Trim());
        Assert.DoesNotContain("over", within.ClassList);
    }
}
