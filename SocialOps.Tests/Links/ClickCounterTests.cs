using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Links;

namespace SocialOps.Tests.Links;

/// <summary>What counts as a click, decided in memory on the request path.</summary>
public sealed class ClickCounterTests
{
    private const string Browser = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Safari/605.1.15";
    private static readonly IPAddress Visitor = IPAddress.Parse("203.0.113.7");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 23, 50, 0, TimeSpan.Zero));

    private ClickCounter NewCounter() => new(Options.Create(new LinkOptions()), _time);

    private static List<Click> Queued(ClickCounter counter)
    {
        var clicks = new List<Click>();
        while (counter.Reader.TryRead(out var click))
        {
            clicks.Add(click);
        }

        return clicks;
    }

    [Fact]
    public async Task ARepeatWithinThirtyMinutesIsNotCountedAndCountsAgainAfterwards()
    {
        var counter = NewCounter();

        Assert.True(await counter.OfferAsync(1, "GET", Browser, Visitor, default));
        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.False(await counter.OfferAsync(1, "GET", Browser, Visitor, default));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await counter.OfferAsync(1, "GET", Browser, Visitor, default));

        // The second counted click fell on the next UTC day.
        Assert.Equal([new Click(1, new DateOnly(2026, 12, 7)), new Click(1, new DateOnly(2026, 12, 8))], Queued(counter));
    }

    [Fact]
    public async Task AnotherAddressAnotherBrowserOrAnotherLinkIsAnotherVisit()
    {
        var counter = NewCounter();

        Assert.True(await counter.OfferAsync(1, "GET", Browser, Visitor, default));
        Assert.True(await counter.OfferAsync(1, "GET", Browser, IPAddress.Parse("203.0.113.8"), default));
        Assert.True(await counter.OfferAsync(1, "GET", Browser + " Edg/131.0", Visitor, default));
        Assert.True(await counter.OfferAsync(2, "GET", Browser, Visitor, default));
        Assert.Equal(4, Queued(counter).Count);
    }

    [Fact]
    public async Task HeadRequestsAndFetchersAreNeverCountedNorRemembered()
    {
        var counter = NewCounter();

        Assert.False(await counter.OfferAsync(1, "HEAD", Browser, Visitor, default));
        Assert.False(await counter.OfferAsync(1, "GET", "Mastodon/4.2.10 (http.rb/5.1.1; +https://fosstodon.org/)", Visitor, default));
        Assert.False(await counter.OfferAsync(1, "GET", "", Visitor, default));

        // The HEAD request did not use up the visitor's window: the person's own click still counts.
        Assert.True(await counter.OfferAsync(1, "GET", Browser, Visitor, default));
        Assert.Single(Queued(counter));
    }

    [Fact]
    public async Task ExpiredVisitorsAreForgotten()
    {
        var counter = NewCounter();
        await counter.OfferAsync(1, "GET", Browser, Visitor, default);
        await counter.OfferAsync(2, "GET", Browser, Visitor, default);

        _time.Advance(TimeSpan.FromMinutes(31));
        counter.ForgetExpired();

        Assert.Equal(0, counter.RememberedVisitors);
    }

    [Theory]
    [InlineData("https://example.com/a", null, null, null, "https://example.com/a?utm_medium=social")]
    [InlineData("https://example.com/a?b=1", "x", "launch", "42", "https://example.com/a?b=1&utm_source=x&utm_medium=social&utm_campaign=launch&utm_content=42")]
    [InlineData("https://example.com/a?UTM_MEDIUM=email#f", "bluesky", "spring sale", "7", "https://example.com/a?UTM_MEDIUM=email&utm_source=bluesky&utm_campaign=spring%20sale&utm_content=7#f")]
    [InlineData("https://example.com/?", "x", null, null, "https://example.com/?utm_source=x&utm_medium=social")]
    public void UtmParametersAreAddedAndExistingOnesKept(string url, string? source, string? campaign, string? content, string expected) =>
        Assert.Equal(expected, Utm.Tag(url, source, campaign, content));

    [Theory]
    [InlineData("Read https://example.com/a.", new[] { "https://example.com/a" })]
    [InlineData("(see https://example.com/a?b=1) and http://x.org/y!", new[] { "https://example.com/a?b=1", "http://x.org/y" })]
    [InlineData("no links here", new string[0])]
    public void AddressesInATextAreFoundWithoutTheirSentencePunctuation(string text, string[] expected) =>
        Assert.Equal(expected, LinkService.Urls(text));
}
