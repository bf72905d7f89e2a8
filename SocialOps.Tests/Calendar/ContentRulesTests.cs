using SocialOps.Core.Publishing;

namespace SocialOps.Tests.Calendar;

public sealed class ContentRulesTests
{
    [Fact]
    public void XCountsLinksAs23AndEmojiAndCjkAsTwo()
    {
        Assert.Equal(5, ContentRules.Check(Platform.X, "hello").Length);
        Assert.Equal(4 + 23, ContentRules.Check(Platform.X, "see https://example.com/a/very/long/path/indeed").Length);
        Assert.Equal(2, ContentRules.Check(Platform.X, "👍🏽").Length);
        Assert.Equal(4, ContentRules.Check(Platform.X, "日本").Length);
    }

    [Fact]
    public void XRefusesMoreThan280WeightedCharacters()
    {
        Assert.True(ContentRules.Check(Platform.X, new string('a', 280)).IsValid);
        var check = ContentRules.Check(Platform.X, new string('日', 141));

        Assert.False(check.IsValid);
        Assert.Equal("282 characters is over X's limit of 280.", Assert.Single(check.MessagesFor("content")));
    }

    [Fact]
    public void BlueskyCountsGraphemesAndBytes()
    {
        Assert.Equal(300, ContentRules.Check(Platform.Bluesky, string.Concat(Enumerable.Repeat("👩‍👩‍👧", 300))).Length);
        var bytes = ContentRules.Check(Platform.Bluesky, string.Concat(Enumerable.Repeat("👩‍👩‍👧", 300)));

        Assert.Contains("bytes is over Bluesky's limit of 3000 bytes", Assert.Single(bytes.MessagesFor("content")), StringComparison.Ordinal);
        Assert.Contains("over Bluesky's limit of 300", Assert.Single(ContentRules.Check(Platform.Bluesky, new string('a', 301)).MessagesFor("content")), StringComparison.Ordinal);
    }

    [Fact]
    public void HashtagsCountTowardsTheLimitUnlessTheTextHasThemAlready()
    {
        Assert.Equal(5 + 2 + 7, ContentRules.Check(Platform.Mastodon, "hello", ["#coffee"]).Length);
        Assert.Equal(13, ContentRules.Check(Platform.Mastodon, "hello #coffee", ["#coffee"]).Length);
        Assert.Contains("is not a hashtag", Assert.Single(ContentRules.Check(Platform.Mastodon, "hello", ["coffee"]).MessagesFor("hashtags")), StringComparison.Ordinal);
    }

    [Fact]
    public void InstagramNeedsAnImage()
    {
        Assert.Equal("Instagram needs at least one image.", Assert.Single(ContentRules.Check(Platform.Instagram, "hello", [], []).MessagesFor("mediaReferences")));
        Assert.True(ContentRules.Check(Platform.Instagram, "an edit of the text alone").IsValid);
        Assert.True(ContentRules.Check(Platform.Instagram, "hello", [], ["media/abc.jpg"]).IsValid);
        Assert.False(ContentRules.Check(Platform.Instagram, "hello", [], ["media/abc.mp4"]).IsValid);
    }

    [Fact]
    public void MastodonCountsEveryLinkAs23WhateverItsLength()
    {
        var link = "https://shop.example.com/collections/winter-blend-2026?utm_source=socialops&utm_medium=mastodon";

        Assert.Equal("Buy it ".Length + 23, ContentRules.Check(Platform.Mastodon, "Buy it " + link).Length);
        // 476 characters and a 90-character link fit in 500; the same text with the link written out would not.
        Assert.True(ContentRules.Check(Platform.Mastodon, new string('a', 476) + " " + link).IsValid);
        Assert.False(ContentRules.Check(Platform.Mastodon, new string('a', 478) + " " + link).IsValid);
    }

    [Theory]
    [InlineData(Platform.Mastodon, 500)]
    [InlineData(Platform.Threads, 500)]
    [InlineData(Platform.LinkedIn, 3000)]
    [InlineData(Platform.Facebook, 63206)]
    [InlineData(Platform.Instagram, 2200)]
    [InlineData(Platform.Sandbox, 5000)]
    public void EachPlatformHasItsLimit(Platform platform, int limit)
    {
        Assert.Equal(limit, ContentRules.For(platform).MaxLength);
        Assert.True(ContentRules.Check(platform, new string('a', limit), [], ["media/a.png"]).IsValid);
        Assert.False(ContentRules.Check(platform, new string('a', limit + 1), [], ["media/a.png"]).IsValid);
    }

    [Fact]
    public void AnEmptyPostIsRefused() =>
        Assert.Equal("The post is empty.", Assert.Single(ContentRules.Check(Platform.Sandbox, "   ").MessagesFor("content")));

    [Fact]
    public void MediaIsRecognisedByItsFirstBytes()
    {
        Assert.Equal(".png", MediaTypes.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]));
        Assert.Equal(".jpg", MediaTypes.Sniff([0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.Equal(".mp4", MediaTypes.Sniff([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D]));
        Assert.Null(MediaTypes.Sniff("<script>alert(1)</script>"u8));
    }
}
