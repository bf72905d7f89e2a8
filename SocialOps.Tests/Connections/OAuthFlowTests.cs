using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Connections.OAuth;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;
using SocialOps.Web.Apis;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>
/// Connecting through the platforms' OAuth 2.0 authorization-code flow with PKCE, against stand-ins that answer as
/// Mastodon's and X's documentation says: dynamic app registration, the code exchange, and X's token renewal.
/// </summary>
public sealed class OAuthFlowTests : IDisposable
{
    private const string User = "user-1";
    private static readonly Uri Callback = new("https://socialops.example/connections/oauth/callback");
    private readonly MastodonStandIn _mastodon = new();
    private readonly WireMockServer _x = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly SocialOpsAppFactory _app;

    public OAuthFlowTests()
    {
        _app = ConnectionsHarness.NewApp();
        _app.Time = _time;
        _app.Settings["Scheduling:Enabled"] = "false";
        _app.Settings["Connectors:OAuth:X:ClientId"] = "x-client";
        _app.Settings["Connectors:OAuth:X:ClientSecret"] = "x-client-secret";
        _app.Settings["Connectors:OAuth:X:AuthorizeUrl"] = _x.Url + "/i/oauth2/authorize";
        _app.Settings["Connectors:OAuth:X:TokenUrl"] = _x.Url + "/2/oauth2/token";

        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/apps").UsingPost()).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { id = "563419", name = "SocialOps", client_id = "mastodon-client", client_secret = "mastodon-client-secret" }));
        _mastodon.Server.Given(Request.Create().WithPath("/oauth/token").UsingPost()).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { access_token = MastodonStandIn.Token, token_type = "Bearer", scope = "read write", created_at = 1764237600 }));
    }

    private OAuthFlow Flow => _app.Services.GetRequiredService<OAuthFlow>();

    private static Actor Admin => new("admin@socialops.test", User, null, Access.Admin);

    [Fact]
    public async Task MastodonRegistersItselfSendsTheBrowserWithPkceAndConnectsWithTheCode()
    {
        var (url, pending, errors) = await Flow.BeginAsync(new OAuthRequest("mastodon", "Brand on Mastodon", "Europe/Berlin", _mastodon.Url + "/some/page"), Callback, User, Admin);

        Assert.Empty(errors);
        var registration = Form(_mastodon.Server, "/api/v1/apps");
        Assert.Equal(("SocialOps", Callback.AbsoluteUri, "read write"), (registration["client_name"], registration["redirect_uris"], registration["scopes"]));
        Assert.Equal(_mastodon.Url + "/oauth/authorize", url!.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal(("code", "mastodon-client", Callback.AbsoluteUri, "read write", "S256"),
            (query["response_type"].ToString(), query["client_id"].ToString(), query["redirect_uri"].ToString(), query["scope"].ToString(), query["code_challenge_method"].ToString()));

        var (connection, problem) = await Flow.CompleteAsync(pending, query["state"], "the-code", null, null, User, Admin);

        Assert.Null(problem);
        Assert.Equal(("mastodon", "Brand on Mastodon", "Europe/Berlin"), (connection!.Platform, connection.Name, connection.TimeZone));
        var exchange = Form(_mastodon.Server, "/oauth/token");
        Assert.Equal(("authorization_code", "the-code", "mastodon-client", "mastodon-client-secret", Callback.AbsoluteUri),
            (exchange["grant_type"], exchange["code"], exchange["client_id"], exchange["client_secret"], exchange["redirect_uri"]));
        // The verifier sent with the code is the one whose S256 challenge went to the authorisation page.
        Assert.Equal(query["code_challenge"].ToString(), Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(exchange["code_verifier"]))));
        var account = await _app.DbAsync(db => Task.FromResult(db.PlatformAccounts.Single(a => a.Id == connection.Id)));
        Assert.Equal(MastodonStandIn.Token, _app.Services.GetRequiredService<ConnectionStore>().Open(account).Secret("accessToken"));
        Assert.DoesNotContain(MastodonStandIn.Token, account.EncryptedCredentials, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("another state", User, 0, "could not be matched")]
    [InlineData(null, "someone-else", 0, "could not be matched")]
    [InlineData(null, User, 16, "could not be matched")]
    public async Task AnAnswerThatDoesNotMatchTheBrowserThatStartedIsRefusedAndConnectsNothing(string? state, string user, int minutesLater, string message)
    {
        var (url, pending, _) = await Flow.BeginAsync(new OAuthRequest("mastodon", "Brand", null, _mastodon.Url), Callback, User, Admin);
        _time.Advance(TimeSpan.FromMinutes(minutesLater));

        var (connection, problem) = await Flow.CompleteAsync(pending, state ?? QueryHelpers.ParseQuery(url!.Query)["state"], "the-code", null, null, user, Admin);

        Assert.Null(connection);
        Assert.Contains(message, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(_mastodon.Server.LogEntries, e => e.RequestMessage.Path == "/oauth/token");
        Assert.Equal(0, await _app.DbAsync(db => Task.FromResult(db.PlatformAccounts.Count(a => a.Platform == Platform.Mastodon))));
    }

    [Fact]
    public async Task ARefusalOnThePlatformIsShownWithItsReason()
    {
        var (url, pending, _) = await Flow.BeginAsync(new OAuthRequest("mastodon", "Brand", null, _mastodon.Url), Callback, User, Admin);

        var (connection, problem) = await Flow.CompleteAsync(pending, QueryHelpers.ParseQuery(url!.Query)["state"], null, "access_denied", "The resource owner denied the request", User, Admin);

        Assert.Null(connection);
        Assert.Equal("Mastodon did not authorise SocialOps: The resource owner denied the request.", problem);
    }

    [Theory]
    [InlineData("x", "", "Connectors:OAuth:X:ClientId")]
    [InlineData("mastodon", "http://10.0.0.5", "instance address")]
    [InlineData("bluesky", "", "mastodon, x, linkedin, threads, facebook and instagram")]
    public async Task WhatCannotStartSaysWhy(string platform, string instance, string message)
    {
        if (platform == "x")
        {
            _app.Settings["Connectors:OAuth:X:ClientId"] = "";
        }

        var (url, pending, errors) = await Flow.BeginAsync(new OAuthRequest(platform, "Brand", null, instance), Callback, User, Admin);

        Assert.Null(url);
        Assert.Null(pending);
        Assert.Contains(message, string.Join(" ", errors.SelectMany(e => e.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnXSignInKeepsItsTokenRenewedAndStoresTheRotatedRefreshToken()
    {
        _x.Given(Request.Create().WithPath("/2/oauth2/token").UsingPost().WithBody(b => b!.Contains("grant_type=authorization_code", StringComparison.Ordinal)))
            .RespondWith(Json(new { token_type = "bearer", expires_in = 7200, access_token = "x-access-1", scope = "tweet.read tweet.write users.read offline.access", refresh_token = "x-refresh-1" }));
        _x.Given(Request.Create().WithPath("/2/oauth2/token").UsingPost().WithBody(b => b!.Contains("refresh_token=x-refresh-1", StringComparison.Ordinal)))
            .RespondWith(Json(new { token_type = "bearer", expires_in = 7200, access_token = "x-access-2", refresh_token = "x-refresh-2" }));
        foreach (var token in new[] { "x-access-1", "x-access-2" })
        {
            _x.Given(Request.Create().WithPath("/2/users/me").UsingGet().WithHeader("Authorization", "Bearer " + token))
                .RespondWith(Json(new { data = new { id = "2244994945", name = "Brand Coffee", username = "brandcoffee" } }));
        }

        var (url, pending, errors) = await Flow.BeginAsync(new OAuthRequest("x", "Brand on X", null, _x.Url), Callback, User, Admin);
        Assert.Empty(errors);
        Assert.Equal(_x.Url + "/i/oauth2/authorize", url!.GetLeftPart(UriPartial.Path));
        Assert.Equal("tweet.read tweet.write users.read offline.access media.write", QueryHelpers.ParseQuery(url.Query)["scope"].ToString());
        var (connection, problem) = await Flow.CompleteAsync(pending, QueryHelpers.ParseQuery(url.Query)["state"], "x-code", null, null, User, Admin);
        Assert.Null(problem);
        // A confidential client authenticates with HTTP Basic, as X documents.
        var exchange = _x.LogEntries.Single(e => e.RequestMessage.Path == "/2/oauth2/token").RequestMessage;
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-client:x-client-secret")), exchange.Headers!["Authorization"].Single());

        // Within the two hours nothing is renewed; close to the end, the next call renews first.
        var connections = _app.Services.GetRequiredService<ConnectionService>();
        Assert.Null((await connections.CheckAsync(connection!.Id, Admin)).Problem);
        Assert.Single(_x.LogEntries, e => e.RequestMessage.Path == "/2/oauth2/token");
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(59));

        Assert.Null((await connections.CheckAsync(connection.Id, Admin)).Problem);

        var refresh = Form(_x, "/2/oauth2/token", last: true);
        Assert.Equal(("refresh_token", "x-refresh-1"), (refresh["grant_type"], refresh["refresh_token"]));
        Assert.Contains(_x.LogEntries, e => e.RequestMessage.Path == "/2/users/me" && e.RequestMessage.Headers!["Authorization"].Single() == "Bearer x-access-2");
        var account = await _app.DbAsync(db => Task.FromResult(db.PlatformAccounts.Single(a => a.Id == connection.Id)));
        var stored = _app.Services.GetRequiredService<ConnectionStore>().Open(account);
        Assert.Equal(("x-access-2", "x-refresh-2"), (stored.Secret("accessToken"), stored.Secret(OAuthFlow.RefreshToken)));
    }

    [Fact]
    public async Task AnXReplyPastTheTokensTwoHoursRenewsItAndGoesOut()
    {
        _x.Given(Request.Create().WithPath("/2/oauth2/token").UsingPost().WithBody(b => b!.Contains("grant_type=authorization_code", StringComparison.Ordinal)))
            .RespondWith(Json(new { token_type = "bearer", expires_in = 7200, access_token = "x-access-1", refresh_token = "x-refresh-1" }));
        _x.Given(Request.Create().WithPath("/2/oauth2/token").UsingPost().WithBody(b => b!.Contains("refresh_token=x-refresh-1", StringComparison.Ordinal)))
            .RespondWith(Json(new { token_type = "bearer", expires_in = 7200, access_token = "x-access-2", refresh_token = "x-refresh-2" }));
        _x.Given(Request.Create().WithPath("/2/users/me").UsingGet().WithHeader("Authorization", "Bearer x-access-1"))
            .RespondWith(Json(new { data = new { id = "2244994945", name = "Brand Coffee", username = "brandcoffee" } }));
        // X answers an expired token with 401; only the renewed one may post.
        _x.Given(Request.Create().WithPath("/2/tweets").UsingPost().WithHeader("Authorization", "Bearer x-access-1"))
            .RespondWith(Json(new { title = "Unauthorized", type = "about:blank", status = 401, detail = "Unauthorized" }, 401));
        _x.Given(Request.Create().WithPath("/2/tweets").UsingPost().WithHeader("Authorization", "Bearer x-access-2"))
            .RespondWith(Json(new { data = new { id = "1850000000000000001", text = "Thank you!" } }, 201));
        var (url, pending, _) = await Flow.BeginAsync(new OAuthRequest("x", "Brand on X", null, _x.Url), Callback, User, Admin);
        var (connection, _) = await Flow.CompleteAsync(pending, QueryHelpers.ParseQuery(url!.Query)["state"], "x-code", null, null, User, Admin);
        var comment = await _app.CommentAsync("Is the winter blend back?", Intent.Query, SentimentLabel.Neutral, _time.GetUtcNow(), platform: Platform.X, accountId: connection!.Id);
        _time.Advance(TimeSpan.FromHours(3));

        var outcome = await _app.Services.GetRequiredService<InboxService>().ReplyAsync(comment, "Thank you!", Admin);

        Assert.True(outcome.Sent, outcome.Message);
        var sent = Assert.Single(_x.LogEntries, e => e.RequestMessage.Path == "/2/tweets").RequestMessage;
        Assert.Equal("Bearer x-access-2", sent.Headers!["Authorization"].Single());
        var refresh = Form(_x, "/2/oauth2/token", last: true);
        Assert.Equal(("refresh_token", "x-refresh-1"), (refresh["grant_type"], refresh["refresh_token"]));
    }

    [Fact]
    public async Task ARevokedRefreshTokenAsksForTheAccountToBeReconnected()
    {
        _x.Given(Request.Create().WithPath("/2/oauth2/token").UsingPost().WithBody(b => b!.Contains("grant_type=authorization_code", StringComparison.Ordinal)))
            .RespondWith(Json(new { token_type = "bearer", expires_in = 7200, access_token = "x-access-1", refresh_token = "x-refresh-1" }));
        _x.Given(Request.Create().WithPath("/2/oauth2/token").UsingPost().WithBody(b => b!.Contains("grant_type=refresh_token", StringComparison.Ordinal)))
            .RespondWith(Json(new { error = "invalid_request", error_description = "Value passed for the token was invalid." }, 400));
        _x.Given(Request.Create().WithPath("/2/users/me").UsingGet().WithHeader("Authorization", "Bearer x-access-1"))
            .RespondWith(Json(new { data = new { id = "2244994945", name = "Brand Coffee", username = "brandcoffee" } }));
        var (url, pending, _) = await Flow.BeginAsync(new OAuthRequest("x", "Brand on X", null, _x.Url), Callback, User, Admin);
        var (connection, _) = await Flow.CompleteAsync(pending, QueryHelpers.ParseQuery(url!.Query)["state"], "x-code", null, null, User, Admin);
        _time.Advance(TimeSpan.FromHours(3));

        var (_, problem) = await _app.Services.GetRequiredService<ConnectionService>().CheckAsync(connection!.Id, Admin);

        Assert.Contains("could not be renewed", problem, StringComparison.Ordinal);
        Assert.Contains("Value passed for the token was invalid", problem, StringComparison.Ordinal);
        Assert.Contains("reconnect the account", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBrowserEndpointsCarryTheFlowThroughACookieAndReturnToConnections()
    {
        using var admin = _app.CreateClientAs(Roles.Admin);

        using var start = await HtmlForms.PostFromPageAsync(admin, "/settings?tab=connections", "/connections/oauth/start", new Dictionary<string, string>
        {
            ["platform"] = "mastodon", ["name"] = "Via browser", ["instanceUrl"] = _mastodon.Url,
        });

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var authorize = await HtmlForms.ContinueLinkAsync(start);
        Assert.StartsWith(_mastodon.Url + "/oauth/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        var cookie = Assert.Single(start.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("http://localhost/connections/oauth/callback", QueryHelpers.ParseQuery(authorize.Query)["redirect_uri"].ToString());

        using var callback = new HttpRequestMessage(HttpMethod.Get, $"/connections/oauth/callback?code=the-code&state={Uri.EscapeDataString(QueryHelpers.ParseQuery(authorize.Query)["state"]!)}");
        callback.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var back = await admin.SendAsync(callback);

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/settings?tab=connections&connected=Via%20browser", back.Headers.Location!.OriginalString);
        Assert.Equal(1, await _app.DbAsync(db => Task.FromResult(db.PlatformAccounts.Count(a => a.DisplayName == "Via browser"))));

        // Without the cookie the same answer connects nothing and says why.
        using var replay = await admin.GetAsync(new Uri($"/connections/oauth/callback?code=the-code&state=x", UriKind.Relative));
        Assert.StartsWith("/settings?tab=connections&oauthError=", replay.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var editor = await HtmlForms.PostFromPageAsync(_app.CreateClientAs(Roles.Editor), "/", "/connections/oauth/start", new Dictionary<string, string>
        {
            ["platform"] = "mastodon", ["name"] = "x", ["instanceUrl"] = _mastodon.Url,
        }, withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, editor.StatusCode);
    }

    [Fact]
    public async Task StartingASignInByGetIsNotAllowed()
    {
        using var admin = _app.CreateClientAs(Roles.Admin);

        // What a link or an image on a page the Admin visits would send.
        using var start = await admin.GetAsync(new Uri($"/connections/oauth/start?platform=mastodon&name=Planted&instanceUrl={Uri.EscapeDataString(_mastodon.Url)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, start.StatusCode);
        Assert.False(start.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain(_mastodon.Server.LogEntries, e => e.RequestMessage.Path == "/api/v1/apps");
    }

    [Fact]
    public async Task AStartPostWithoutTheAntiforgeryTokenIsRefused()
    {
        using var admin = _app.CreateClientAs(Roles.Admin);

        // What a hostile page's auto-submitting form would send: the Admin's credentials, but no token.
        using var start = await HtmlForms.PostFromPageAsync(admin, "/settings?tab=connections", "/connections/oauth/start", new Dictionary<string, string>
        {
            ["platform"] = "mastodon", ["name"] = "Planted", ["instanceUrl"] = _mastodon.Url,
        }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
        Assert.False(start.Headers.Contains("Set-Cookie") && start.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(OAuthEndpoints.Cookie + "=", StringComparison.Ordinal)));
        Assert.DoesNotContain(_mastodon.Server.LogEntries, e => e.RequestMessage.Path == "/api/v1/apps");
    }

    private static Dictionary<string, string> Form(WireMockServer server, string path, bool last = false)
    {
        var entries = server.LogEntries.Where(e => e.RequestMessage.Path == path).ToList();
        var body = (last ? entries[^1] : Assert.Single(entries)).RequestMessage.Body!;
        return QueryHelpers.ParseQuery(body).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    private static IResponseBuilder Json(object body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _app.Dispose();
        _mastodon.Dispose();
        _x.Stop();
        _x.Dispose();
    }
}
