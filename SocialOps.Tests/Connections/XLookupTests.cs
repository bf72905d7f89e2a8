using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.X;
using SocialOps.Tests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>
/// A post whose answer was lost is recognised on X as X shows it: links shortened to t.co, a t.co link appended for
/// its image, <c>&amp;</c> escaped. Where X shows only part of the timeline, or a text that is close but not the same,
/// it cannot tell, and nothing is sent on a guess.
/// </summary>
public sealed class XLookupTests : IDisposable
{
    private const string Token = "user-token-77";
    private const string Content = "Winter blend & oat milk are back: https://brand.example/winter";
    private readonly WireMockServer _x = WireMockServer.Start();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    private static IResponseBuilder Json(object body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    private static object Tweet(string id, string text, params object[] urls) =>
        new { id, text, created_at = TimeProvider.System.GetUtcNow().ToString("O"), entities = new { urls } };

    /// <summary>How X shows our post: the link shortened, the image's link appended, the ampersand escaped.</summary>
    private static object AsXShowsIt(string id) => Tweet(id, "Winter blend &amp; oat milk are back: https://t.co/Wint3r\n\n#coffee https://t.co/Ph0t0",
        new { start = 34, end = 57, url = "https://t.co/Wint3r", expanded_url = "https://brand.example/winter", display_url = "brand.example/winter" },
        new { start = 67, end = 90, url = "https://t.co/Ph0t0", expanded_url = "https://x.com/brandcoffee/status/1861234567890/photo/1", display_url = "pic.x.com/Ph0t0", media_key = "3_1861" });

    private async Task<int> ConnectAsync()
    {
        var store = _app.Services.GetRequiredService<ConnectionStore>();
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var account = new PlatformAccount
        {
            Platform = Platform.X, DisplayName = "Brand on X", ExternalId = "2244994945", Handle = "@brandcoffee", BaseUrl = _x.Url,
            EncryptedCredentials = store.Seal(new Dictionary<string, string> { [XConnector.AccessToken] = Token }), CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        db.PlatformAccounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    private static PublishRequest Lost(int accountId) =>
        new(3, accountId, Content, ["#coffee"], [], "socialops-post-3", MayExist: true, Since: TimeProvider.System.GetUtcNow().AddMinutes(-5));

    private int Posts => _x.LogEntries.Count(e => e.RequestMessage.Path == "/2/tweets" && e.RequestMessage.Method == "POST");

    [Fact]
    public async Task ALostPostIsRecognisedThroughTcoLinksAMediaLinkAndEscapedAmpersandsAndNotPostedAgain()
    {
        _x.Given(Request.Create().WithPath("/2/users/2244994945/tweets").UsingGet())
            .RespondWith(Json(new { data = new[] { Tweet("1861234567000", "Something else entirely"), AsXShowsIt("1861234567890") }, meta = new { result_count = 2 } }));
        _x.Given(Request.Create().WithPath("/2/tweets").UsingPost()).RespondWith(Json(new { data = new { id = "1869999999999", text = "duplicate" } }, 201));
        var publisher = _app.Services.GetRequiredService<PublisherRegistry>().For(Platform.X)!;

        var result = await publisher.PublishAsync(Lost(await ConnectAsync()), CancellationToken.None);

        Assert.Equal("1861234567890", result.ExternalId);
        Assert.Equal(0, Posts);
        var lookup = _x.LogEntries.Last(e => e.RequestMessage.Path == "/2/users/2244994945/tweets").RequestMessage;
        Assert.Contains("entities", lookup.Query!["tweet.fields"]);
        Assert.True(lookup.Query.ContainsKey("start_time"));
    }

    [Theory]
    [InlineData("an incomplete timeline", true, false)]
    [InlineData("a text that is close but not the same", false, true)]
    public async Task XCannotTellFrom(string situation, bool morePages, bool similarText)
    {
        object[] tweets = similarText
            ? [Tweet("1861234567891", "Winter blend and oat milk are back!! https://t.co/Wint3r #coffee", new { url = "https://t.co/Wint3r", expanded_url = "https://brand.example/winter" })]
            : [Tweet("1861234567000", "Something else entirely")];
        _x.Given(Request.Create().WithPath("/2/users/2244994945/tweets").UsingGet())
            .RespondWith(Json(morePages ? new { data = tweets, meta = (object)new { result_count = 1, next_token = "7140dibdnow9c7btw4" } } : new { data = tweets, meta = (object)new { result_count = 1 } }));
        var publisher = _app.Services.GetRequiredService<PublisherRegistry>().For(Platform.X)!;
        var request = Lost(await ConnectAsync());

        var answer = await PlatformAnswer.AskAsync(Platform.X, "post", t => publisher.FindAsync(request, t), CancellationToken.None);

        Assert.True(answer is PlatformAnswer.CannotTell, $"{situation}: {answer}");
    }

    [Fact]
    public async Task ACompleteTimelineWithoutThePostSaysItIsNotThere()
    {
        _x.Given(Request.Create().WithPath("/2/users/2244994945/tweets").UsingGet())
            .RespondWith(Json(new { data = new[] { Tweet("1861234567000", "Something else entirely") }, meta = new { result_count = 1 } }));
        var publisher = _app.Services.GetRequiredService<PublisherRegistry>().For(Platform.X)!;
        var request = Lost(await ConnectAsync());

        var answer = await PlatformAnswer.AskAsync(Platform.X, "post", t => publisher.FindAsync(request, t), CancellationToken.None);

        Assert.IsType<PlatformAnswer.NotFound>(answer);
    }

    [Theory]
    [InlineData("Fish &amp; chips &lt;3", "Fish & chips <3", TextMatch.Same)]
    [InlineData("  Two\n\nlines   here ", "Two lines here", TextMatch.Same)]
    [InlineData("Read https://t.co/abc", "Read https://brand.example/a", TextMatch.Similar)]
    [InlineData("thanks!", "Thanks", TextMatch.Similar)]
    [InlineData("Winter blend and oat milk are back!! #coffee", "Winter blend & oat milk are back: #coffee", TextMatch.Similar)]
    [InlineData("See you soon", "Thanks for asking", TextMatch.Different)]
    public void TextsCompareOnceNormalised(string theirs, string ours, TextMatch expected) =>
        Assert.Equal(expected, PostText.Compare(theirs, ours));

    public void Dispose()
    {
        _app.Dispose();
        _x.Stop();
    }
}
