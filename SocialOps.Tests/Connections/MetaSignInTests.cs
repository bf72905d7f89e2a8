using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Connections.OAuth;
using SocialOps.Tests.Harness;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>
/// Signing in with Facebook (Facebook Login: code, long-lived user token, the Pages to choose from) against a stand-in
/// that answers as Meta's documentation says: the exact requests, the app secret only on server-to-server calls, only
/// the chosen accounts connected, and refusals that say why.
/// </summary>
public sealed class MetaSignInTests : IDisposable
{
    private const string User = "user-1";
    private static readonly Uri Callback = new("https://socialops.example/connections/oauth/callback");
    private readonly MetaSignInStandIn _meta = new();
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly SocialOpsAppFactory _app;

    public MetaSignInTests()
    {
        _app = ConnectionsHarness.NewApp();
        _app.Time = _time;
        _app.Settings["Scheduling:Enabled"] = "false";
        _meta.Configure(_app.Settings);
    }

    private OAuthFlow Flow => _app.Services.GetRequiredService<OAuthFlow>();

    private MetaChoice Choice => _app.Services.GetRequiredService<MetaChoice>();

    private static Actor Admin => new("admin@socialops.test", User, null, Access.Admin);

    [Fact]
    public async Task FacebookSignInAsksForThePagePermissionsThenConnectsOnlyTheChosenPageAndInstagramAccount()
    {
        var (url, pending, errors) = await Flow.BeginAsync(new OAuthRequest("facebook", null, "Europe/Berlin"), Callback, User, Admin);

        Assert.Empty(errors);
        Assert.Equal(_meta.Url + "/v23.0/dialog/oauth", url!.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal((MetaSignInStandIn.AppId, Callback.AbsoluteUri, "code"), (query["client_id"].ToString(), query["redirect_uri"].ToString(), query["response_type"].ToString()));
        Assert.Equal(
            "pages_show_list,pages_manage_posts,pages_read_engagement,pages_manage_engagement,read_insights,instagram_basic,instagram_content_publish,instagram_manage_comments,instagram_manage_insights,business_management",
            query["scope"].ToString());
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(query.ContainsKey("code_challenge")); // Facebook Login's web flow takes the app secret, not PKCE
        Assert.DoesNotContain(MetaSignInStandIn.AppSecret, url.AbsoluteUri, StringComparison.Ordinal);

        var outcome = await Flow.FinishAsync(pending, query["state"], "granted-code", null, null, User, Admin);

        Assert.Null(outcome.Problem);
        Assert.Null(outcome.Connection);
        Assert.NotNull(outcome.Choice);
        Assert.DoesNotContain(MetaSignInStandIn.LongToken, outcome.Choice, StringComparison.Ordinal);
        var exchange = Query(_meta.Server, "/v23.0/oauth/access_token", 0);
        Assert.Equal((MetaSignInStandIn.AppId, Callback.AbsoluteUri, MetaSignInStandIn.AppSecret, "granted-code"),
            (exchange["client_id"], exchange["redirect_uri"], exchange["client_secret"], exchange["code"]));
        var longLived = Query(_meta.Server, "/v23.0/oauth/access_token", 1);
        Assert.Equal(("fb_exchange_token", MetaSignInStandIn.AppId, MetaSignInStandIn.AppSecret, MetaSignInStandIn.ShortToken),
            (longLived["grant_type"], longLived["client_id"], longLived["client_secret"], longLived["fb_exchange_token"]));

        var (candidates, problem) = await Choice.ListAsync(outcome.Choice, User);

        Assert.Null(problem);
        Assert.Equal(["Brand Coffee", "Brand Bakery"], candidates.Select(c => c.PageName));
        Assert.Equal((MetaSignInStandIn.InstagramId, "brandcoffee"), (candidates[0].InstagramId, candidates[0].InstagramUsername));
        Assert.Null(candidates[1].InstagramId);
        var pages = _meta.Server.LogEntries.Where(e => e.RequestMessage.Path == "/v23.0/me/accounts").ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, e =>
        {
            Assert.Contains("instagram_business_account{id,username,profile_picture_url}", e.RequestMessage.Query!["fields"].Single(), StringComparison.Ordinal);
            Assert.False(e.RequestMessage.Query!.ContainsKey("client_secret")); // the secret goes to the token endpoint only
            Assert.False(e.RequestMessage.Query!.ContainsKey("access_token")); // the token travels in the Authorization header
        });

        // Something that this sign-in did not offer is refused; what was chosen is connected, and nothing else.
        var (none, refused) = await Choice.ConnectAsync(outcome.Choice, User, ["facebook:999"], Admin);
        Assert.Empty(none);
        Assert.Contains("not among the accounts", Assert.Single(refused), StringComparison.Ordinal);

        var (connected, problems) = await Choice.ConnectAsync(outcome.Choice, User, ["facebook:" + MetaSignInStandIn.PageId, "instagram:" + MetaSignInStandIn.InstagramId], Admin);

        Assert.Empty(problems);
        Assert.Equal([("facebook", "Brand Coffee"), ("instagram", "@brandcoffee")], connected.Select(c => (c.Platform, c.Name)));
        Assert.All(connected, c => Assert.Equal(("Europe/Berlin", "connected"), (c.TimeZone, c.Status)));
        var accounts = await _app.DbAsync(db => Task.FromResult(db.PlatformAccounts.Where(a => a.Platform == Platform.Facebook || a.Platform == Platform.Instagram).ToList()));
        Assert.Equal(2, accounts.Count);
        var store = _app.Services.GetRequiredService<ConnectionStore>();
        foreach (var account in accounts)
        {
            Assert.Equal(MetaSignInStandIn.PageToken, store.Open(account).Secret("accessToken"));
            Assert.DoesNotContain(MetaSignInStandIn.PageToken, account.EncryptedCredentials, StringComparison.Ordinal);
            Assert.Equal(_meta.Url + "/v23.0", account.BaseUrl);
        }

        Assert.Equal([MetaSignInStandIn.PageId, MetaSignInStandIn.InstagramId], accounts.OrderBy(a => a.Platform).Select(a => a.ExternalId));
        Assert.DoesNotContain(_meta.Server.LogEntries, e => e.RequestMessage.Path == "/v23.0/" + MetaSignInStandIn.OtherPageId);

        // Choosing the same Page again adds no second connection.
        var (again, duplicate) = await Choice.ConnectAsync(outcome.Choice, User, ["facebook:" + MetaSignInStandIn.PageId], Admin);
        Assert.Empty(again);
        Assert.Contains("already connected", Assert.Single(duplicate), StringComparison.Ordinal);

        // The choice belongs to the person who signed in, for 15 minutes.
        Assert.Equal(MetaChoice.StartAgain, (await Choice.ListAsync(outcome.Choice, "someone-else")).Problem);
        _time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(MetaChoice.StartAgain, (await Choice.ConnectAsync(outcome.Choice, User, ["facebook:" + MetaSignInStandIn.OtherPageId], Admin)).Problems.Single());
        Assert.DoesNotContain(_app.Logs.Lines, line => line.Contains(MetaSignInStandIn.AppSecret, StringComparison.Ordinal)
            || line.Contains(MetaSignInStandIn.LongToken, StringComparison.Ordinal) || line.Contains(MetaSignInStandIn.PageToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFacebookLoginForBusinessConfigurationReplacesTheScopes()
    {
        _app.Settings["Connectors:OAuth:Meta:ConfigId"] = "987654321";

        var (url, _, errors) = await Flow.BeginAsync(new OAuthRequest("instagram", null), Callback, User, Admin);

        Assert.Empty(errors);
        var query = QueryHelpers.ParseQuery(url!.Query);
        Assert.Equal("987654321", query["config_id"].ToString());
        Assert.False(query.ContainsKey("scope"));
    }

    [Fact]
    public async Task ADeniedFacebookSignInSaysSoAndExchangesNothing()
    {
        var (url, pending, _) = await Flow.BeginAsync(new OAuthRequest("facebook", null), Callback, User, Admin);

        // What Facebook sends back when the person cancels its dialog.
        var outcome = await Flow.FinishAsync(pending, QueryHelpers.ParseQuery(url!.Query)["state"], null, "access_denied", "Permissions error", User, Admin);

        Assert.Equal("Facebook did not authorise SocialOps: Permissions error.", outcome.Problem);
        Assert.Null(outcome.Choice);
        Assert.DoesNotContain(_meta.Server.LogEntries, e => e.RequestMessage.Path == "/v23.0/oauth/access_token");
    }

    [Theory]
    [InlineData("forged-state", 0)]
    [InlineData(null, 16)]
    public async Task AFacebookAnswerWithABadOrExpiredStateIsRefusedWithAClearMessage(string? state, int minutesLater)
    {
        var (url, pending, _) = await Flow.BeginAsync(new OAuthRequest("facebook", null), Callback, User, Admin);
        _time.Advance(TimeSpan.FromMinutes(minutesLater));

        var outcome = await Flow.FinishAsync(pending, state ?? QueryHelpers.ParseQuery(url!.Query)["state"], "granted-code", null, null, User, Admin);

        Assert.Equal((null, null), (outcome.Connection, outcome.Choice));
        Assert.Contains("could not be matched to one started in this browser in the last 15 minutes", outcome.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(_meta.Server.LogEntries, e => e.RequestMessage.Path == "/v23.0/oauth/access_token");
    }

    [Fact]
    public async Task WithoutTheMetaAppFacebookSignInIsNotOfferedAndSaysWhatToSet()
    {
        _app.Settings["Connectors:OAuth:Meta:ClientId"] = "";

        var (url, _, errors) = await Flow.BeginAsync(new OAuthRequest("facebook", null), Callback, User, Admin);

        Assert.Null(url);
        Assert.Contains("Connectors:OAuth:Meta:ClientId", string.Join(" ", errors.SelectMany(e => e.Value)), StringComparison.Ordinal);
        Assert.DoesNotContain(Platform.Facebook, Flow.Available);
    }

    [Fact]
    public async Task TheCallbackTakesTheBrowserToAChoicePageThatShowsNoToken()
    {
        using var admin = _app.CreateClientAs(Roles.Admin);
        using var start = await HtmlForms.PostFromPageAsync(admin, "/settings?tab=connections", "/connections/oauth/start", new Dictionary<string, string> { ["platform"] = "facebook" });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var state = QueryHelpers.ParseQuery((await HtmlForms.ContinueLinkAsync(start)).Query)["state"].ToString();

        using var back = await admin.GetAsync(new Uri($"/connections/oauth/callback?code=granted-code&state={Uri.EscapeDataString(state)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/connections/oauth/choose", back.Headers.Location!.OriginalString);
        var cookie = Assert.Single(back.Headers.GetValues("Set-Cookie"), c => c.StartsWith("socialops_oauth=", StringComparison.Ordinal) && !c.StartsWith("socialops_oauth=;", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(MetaSignInStandIn.LongToken, cookie, StringComparison.Ordinal);

        var html = await admin.GetStringAsync(new Uri("/connections/oauth/choose", UriKind.Relative));

        Assert.Contains("Brand Coffee", html, StringComparison.Ordinal);
        Assert.Contains("Brand Bakery", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"instagram:{MetaSignInStandIn.InstagramId}\"", html, StringComparison.Ordinal);
        foreach (var secret in new[] { MetaSignInStandIn.AppSecret, MetaSignInStandIn.LongToken, MetaSignInStandIn.PageToken, MetaSignInStandIn.OtherPageToken })
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }

        // Another browser (no cookie) is told to start again; an Editor may not open the page at all.
        using var stranger = _app.CreateClientAs(Roles.Admin);
        Assert.Contains(MetaChoice.StartAgain.Split(';')[0], WebUtility.HtmlDecode(await stranger.GetStringAsync(new Uri("/connections/oauth/choose", UriKind.Relative))), StringComparison.Ordinal);
        using var editor = await _app.CreateClientAs(Roles.Editor).GetAsync(new Uri("/connections/oauth/choose", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, editor.StatusCode);
    }

    private static Dictionary<string, string> Query(WireMockServer server, string path, int index) =>
        server.LogEntries.Where(e => e.RequestMessage.Path == path).ElementAt(index).RequestMessage.Query!.ToDictionary(p => p.Key, p => p.Value.Single());

    public void Dispose()
    {
        _app.Dispose();
        _meta.Dispose();
    }
}
