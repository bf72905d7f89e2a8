using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Identity;
using SocialOps.Core.Links;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;

namespace SocialOps.Tests.Links;

/// <summary>The tracked links contract: making a link, the anonymous redirect with its UTM parameters, and what it counts.</summary>
public sealed class LinkRedirectTests(LinkRedirectTests.App app) : IClassFixture<LinkRedirectTests.App>
{
    public sealed class App : SocialOpsAppFactory;

    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    private static readonly Uri Links = new("/api/links", UriKind.Relative);

    private async Task<int> PostAsync(string campaign = "spring-sale") =>
        await app.CreateClientAs(Roles.Editor).ScheduleAsync(new
        {
            platform = "sandbox", content = "Our spring sale https://shop.example.com/sale", scheduledTime = "2031-03-01T10:00:00Z", campaign,
        });

    private async Task<(string Code, string ShortUrl)> LinkAsync(string url, int? postId = null)
    {
        using var response = await app.CreateClientAs(Roles.Editor).PostAsJsonAsync(Links, new { url, postId });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (body.GetProperty("code").GetString()!, body.GetProperty("shortUrl").GetString()!);
    }

    private async Task<HttpResponseMessage> ClickAsync(string code, string? userAgent = Browser, string method = "GET")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri($"/l/{code}", UriKind.Relative));
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return await app.CreateAnonymousClient().SendAsync(request);
    }

    private async Task<long> ClicksAsync(string code)
    {
        await app.Services.GetRequiredService<ClickWriter>().FlushAsync(CancellationToken.None);
        var link = await app.CreateClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>(new Uri($"/api/links/{code}", UriKind.Relative));
        return link.GetProperty("clicks").GetInt64();
    }

    [Fact]
    public async Task ALinkForAPostRedirectsAnonymouslyToItsAddressWithTheUtmParametersAndKeepsAnExistingOne()
    {
        var postId = await PostAsync();

        var (code, shortUrl) = await LinkAsync("https://shop.example.com/sale?utm_source=newsletter&size=m#top", postId);
        using var response = await ClickAsync(code);

        Assert.Matches("^[0-9A-Za-z]{8}$", code);
        Assert.EndsWith($"/l/{code}", shortUrl, StringComparison.Ordinal);
        Assert.StartsWith("http", shortUrl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(
            $"https://shop.example.com/sale?utm_source=newsletter&size=m&utm_medium=social&utm_campaign=spring-sale&utm_content={postId}#top",
            response.Headers.Location?.OriginalString);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var link = await app.CreateClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>(new Uri($"/api/links/{code}", UriKind.Relative));
        Assert.Equal(code, link.GetProperty("code").GetString());
        Assert.Equal(response.Headers.Location?.OriginalString, link.GetProperty("url").GetString());
    }

    [Fact]
    public async Task TheSourceIsThePlatformAndTheSamePostAndAddressKeepTheirCode()
    {
        var postId = await PostAsync();

        var (first, _) = await LinkAsync("https://blog.example.org/post", postId);
        var (again, _) = await LinkAsync("https://blog.example.org/post", postId);
        var (other, _) = await LinkAsync("https://blog.example.org/post");
        using var response = await ClickAsync(first);
        using var untagged = await ClickAsync(other);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal($"https://blog.example.org/post?utm_source=sandbox&utm_medium=social&utm_campaign=spring-sale&utm_content={postId}", response.Headers.Location?.OriginalString);
        Assert.Equal("https://blog.example.org/post?utm_medium=social", untagged.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("ZZZZZZZZ")] // well formed, never made
    [InlineData("abc")]
    [InlineData("..%2F..%2Fapi")]
    public async Task AnUnknownCodeIs404AndLeadsNowhere(string code)
    {
        using var response = await ClickAsync(code);
        using var api = await app.CreateClientAs(Roles.Analyst).GetAsync(new Uri($"/api/links/{code}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("/api/system/info")]
    [InlineData("//evil.example.com/")]
    [InlineData("ftp://files.example.com/a")]
    [InlineData("https://")]
    [InlineData("")]
    public async Task OnlyAbsoluteWebAddressesAreLinked(string url)
    {
        using var response = await app.CreateClientAs(Roles.Editor).PostAsJsonAsync(Links, new { url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ALinkForAPostThatDoesNotExistIs404AndAnAnalystMayNotMakeOne()
    {
        using var missing = await app.CreateClientAs(Roles.Editor).PostAsJsonAsync(Links, new { url = "https://example.com/", postId = 987654 });
        using var analyst = await app.CreateClientAs(Roles.Analyst).PostAsJsonAsync(Links, new { url = "https://example.com/" });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, analyst.StatusCode);
    }

    [Fact]
    public async Task QueryParametersOfTheRedirectChangeNothing()
    {
        var (code, _) = await LinkAsync("https://example.com/landing");

        using var response = await app.CreateAnonymousClient().GetAsync(new Uri($"/l/{code}?url=https://evil.example.com/&redirect=https://evil.example.com/", UriKind.Relative));

        Assert.Equal("https://example.com/landing?utm_medium=social", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")]
    [InlineData("Twitterbot/1.0")]
    [InlineData("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [InlineData("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)")]
    [InlineData("Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)")]
    [InlineData("Mastodon/4.3.2 (http.rb/5.2.0; +https://mastodon.social/)")]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData(null)]
    public async Task PreviewFetchersAndBotsAreRedirectedButNotCounted(string? userAgent)
    {
        var (code, _) = await LinkAsync("https://example.com/fetched");

        using var fetched = await ClickAsync(code, userAgent);

        Assert.Equal(HttpStatusCode.Found, fetched.StatusCode);
        Assert.Equal(0, await ClicksAsync(code));
        using var person = await ClickAsync(code);
        Assert.Equal(1, await ClicksAsync(code));
    }

    [Fact]
    public async Task AHeadRequestIsAnsweredButNotCounted()
    {
        var (code, _) = await LinkAsync("https://example.com/head");

        using var head = await ClickAsync(code, method: "HEAD");

        Assert.Equal(HttpStatusCode.Found, head.StatusCode);
        Assert.Equal("https://example.com/head?utm_medium=social", head.Headers.Location?.OriginalString);
        Assert.Equal(0, await ClicksAsync(code));
    }

    [Fact]
    public async Task TheSameVisitorAgainWithinTheWindowCountsOnceAnotherVisitorCountsAgain()
    {
        var (code, _) = await LinkAsync("https://example.com/repeat");
        var (other, _) = await LinkAsync("https://example.com/repeat-other");

        for (var i = 0; i < 3; i++)
        {
            using var again = await ClickAsync(code);
            Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        }

        using var firefox = await ClickAsync(code, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
        using var otherLink = await ClickAsync(other);

        Assert.Equal(2, await ClicksAsync(code));
        Assert.Equal(1, await ClicksAsync(other));
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var days = await app.DbAsync(db => db.Set<LinkClickDay>().Where(d => d.Day == today).ToListAsync());
        Assert.Contains(days, d => d.Clicks == 2);
    }

    [Fact]
    public async Task ThePostsLinksAndTheClicksReportListWhatWasCounted()
    {
        var postId = await PostAsync("report");
        var (code, _) = await LinkAsync("https://example.com/report", postId);
        using (var click = await ClickAsync(code))
        {
            Assert.Equal(HttpStatusCode.Found, click.StatusCode);
        }

        await ClicksAsync(code);
        var analyst = app.CreateClientAs(Roles.Analyst);
        var links = await analyst.GetFromJsonAsync<JsonElement>(new Uri($"/api/links?postId={postId}", UriKind.Relative));
        var report = await analyst.GetFromJsonAsync<JsonElement>(new Uri("/api/links/clicks?platform=sandbox", UriKind.Relative));

        var item = Assert.Single(links.GetProperty("items").EnumerateArray());
        Assert.Equal(code, item.GetProperty("code").GetString());
        Assert.Equal(1, item.GetProperty("clicks").GetInt64());
        Assert.Contains(report.GetProperty("posts").EnumerateArray(), p => p.GetProperty("postId").GetInt32() == postId && p.GetProperty("clicks").GetInt64() == 1);
        Assert.True(report.GetProperty("total").GetInt64() >= 1);
        var bytes = await analyst.GetByteArrayAsync(new Uri("/api/links/clicks.csv?platform=sandbox", UriKind.Relative));
        var csv = System.Text.Encoding.UTF8.GetString(bytes.AsSpan(3)).Split("\r\n");
        Assert.True(bytes is [0xEF, 0xBB, 0xBF, ..], "the CSV starts with a UTF-8 byte-order mark");
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("day,code,post_id,platform,url,clicks", csv[0]);
        Assert.Contains($"{today},{code},{postId},sandbox,https://example.com/report,1", csv);
    }
}
