using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Connections.OAuth;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;
using WireMock.RequestBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>
/// Signing in with Threads against a stand-in that answers as the Threads API documents: the authorisation window, the
/// code exchange, the 60-day token (<c>th_exchange_token</c>) and its renewal (<c>th_refresh_token</c>); and a renewal
/// that fails, recorded on the connection and on the publish attempt.
/// </summary>
public sealed class ThreadsSignInTests : IDisposable
{
    private const string User = "user-1";
    private const string AppSecret = "threads-app-secret-9d2e";
    private const string SixtyDays = "5183944";
    private static readonly Uri Callback = new("https://socialops.example/connections/oauth/callback");
    private readonly WireMockServer _threads = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private SocialOpsAppFactory? _app;

    private SocialOpsAppFactory NewApp(bool fakeTime)
    {
        _app = ConnectionsHarness.NewApp();
        if (fakeTime)
        {
            _app.Time = _time;
            _app.Settings["Scheduling:Enabled"] = "false";
        }

        _app.Settings["Connectors:OAuth:Threads:ClientId"] = "threads-app-id";
        _app.Settings["Connectors:OAuth:Threads:ClientSecret"] = AppSecret;
        _app.Settings["Connectors:OAuth:Threads:AuthorizeUrl"] = _threads.Url + "/oauth/authorize";
        _app.Settings["Connectors:OAuth:Threads:TokenUrl"] = _threads.Url + "/oauth/access_token";
        _app.Settings["Connectors:OAuth:Threads:ApiUrl"] = _threads.Url + "/v1.0";
        return _app;
    }

    private void StandIn(int longLivedSeconds)
    {
        _threads.Given(Request.Create().WithPath("/oauth/access_token").UsingPost())
            .RespondWith(MetaSignInStandIn.Json(new { access_token = "TH-short", user_id = 1234567 }));
        _threads.Given(Request.Create().WithPath("/access_token").UsingGet().WithParam("grant_type", "th_exchange_token").WithParam("access_token", "TH-short"))
            .RespondWith(MetaSignInStandIn.Json(new { access_token = "TH-long-1", token_type = "bearer", expires_in = longLivedSeconds }));
        foreach (var token in new[] { "TH-long-1", "TH-long-2" })
        {
            _threads.Given(Request.Create().WithPath("/v1.0/me").UsingGet().WithHeader("Authorization", "Bearer " + token))
                .RespondWith(MetaSignInStandIn.Json(new { id = "1234567", username = "brandcoffee", name = "Brand Coffee" }));
        }
    }

    private static Actor Admin => new("admin@socialops.test", User, null, Access.Admin);

    private static async Task<ConnectionView> SignInAsync(SocialOpsAppFactory app)
    {
        var flow = app.Services.GetRequiredService<OAuthFlow>();
        var (url, pending, errors) = await flow.BeginAsync(new OAuthRequest("threads", "Brand on Threads"), Callback, User, Admin);
        Assert.Empty(errors);
        var (connection, problem) = await flow.CompleteAsync(pending, QueryHelpers.ParseQuery(url!.Query)["state"], "th-code", null, null, User, Admin);
        Assert.Null(problem);
        return connection!;
    }

    [Fact]
    public async Task AThreadsSignInGetsASixtyDayTokenAndRenewsItBeforeItEnds()
    {
        var app = NewApp(fakeTime: true);
        StandIn(int.Parse(SixtyDays, System.Globalization.CultureInfo.InvariantCulture));
        _threads.Given(Request.Create().WithPath("/refresh_access_token").UsingGet().WithParam("grant_type", "th_refresh_token").WithParam("access_token", "TH-long-1"))
            .RespondWith(MetaSignInStandIn.Json(new { access_token = "TH-long-2", token_type = "bearer", expires_in = 5183944 }));
        var flow = app.Services.GetRequiredService<OAuthFlow>();

        var (url, _, _) = await flow.BeginAsync(new OAuthRequest("threads", "Brand on Threads"), Callback, User, Admin);
        var query = QueryHelpers.ParseQuery(url!.Query);
        Assert.Equal(_threads.Url + "/oauth/authorize", url.GetLeftPart(UriPartial.Path));
        Assert.Equal(("threads-app-id", Callback.AbsoluteUri, "code", "threads_basic,threads_content_publish,threads_manage_replies,threads_read_replies,threads_manage_insights"),
            (query["client_id"].ToString(), query["redirect_uri"].ToString(), query["response_type"].ToString(), query["scope"].ToString()));
        Assert.False(query.ContainsKey("code_challenge"));

        var connection = await SignInAsync(app);

        Assert.Equal(("threads", "Brand on Threads", "@brandcoffee"), (connection.Platform, connection.Name, connection.Handle));
        var exchange = QueryHelpers.ParseQuery(_threads.LogEntries.Single(e => e.RequestMessage.Path == "/oauth/access_token").RequestMessage.Body!);
        Assert.Equal(("threads-app-id", AppSecret, "authorization_code", Callback.AbsoluteUri, "th-code"),
            (exchange["client_id"].ToString(), exchange["client_secret"].ToString(), exchange["grant_type"].ToString(), exchange["redirect_uri"].ToString(), exchange["code"].ToString()));
        var longLived = _threads.LogEntries.Single(e => e.RequestMessage.Path == "/access_token").RequestMessage.Query!;
        Assert.Equal(AppSecret, longLived["client_secret"].Single());
        var stored = await StoredAsync(app, connection.Id);
        Assert.Equal("TH-long-1", stored.Secret("accessToken"));
        var expires = DateTimeOffset.Parse(stored.Secret(OAuthFlow.ExpiresAt)!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - _time.GetUtcNow(), TimeSpan.FromDays(59.9), TimeSpan.FromDays(60));

        // Weeks later nothing is renewed; in its last three days the next call renews it first.
        var connections = app.Services.GetRequiredService<ConnectionService>();
        _time.Advance(TimeSpan.FromDays(50));
        Assert.Null((await connections.CheckAsync(connection.Id, Admin)).Problem);
        Assert.DoesNotContain(_threads.LogEntries, e => e.RequestMessage.Path == "/refresh_access_token");
        _time.Advance(TimeSpan.FromDays(8));

        Assert.Null((await connections.CheckAsync(connection.Id, Admin)).Problem);

        var refresh = Assert.Single(_threads.LogEntries, e => e.RequestMessage.Path == "/refresh_access_token").RequestMessage.Query!;
        Assert.Equal(("th_refresh_token", "TH-long-1"), (refresh["grant_type"].Single(), refresh["access_token"].Single()));
        Assert.False(refresh.ContainsKey("client_secret")); // renewal takes the token alone
        Assert.Contains(_threads.LogEntries, e => e.RequestMessage.Path == "/v1.0/me" && e.RequestMessage.Headers!["Authorization"].Single() == "Bearer TH-long-2");
        stored = await StoredAsync(app, connection.Id);
        Assert.Equal("TH-long-2", stored.Secret("accessToken"));
        Assert.True(DateTimeOffset.Parse(stored.Secret(OAuthFlow.ExpiresAt)!, System.Globalization.CultureInfo.InvariantCulture) > _time.GetUtcNow().AddDays(59));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(AppSecret, StringComparison.Ordinal) || line.Contains("TH-long-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARenewalThatFailsIsRecordedOnTheConnectionAndTheAttemptWithoutTheToken()
    {
        var app = NewApp(fakeTime: false);
        StandIn(3600); // a token with an hour left is due for renewal at once
        _threads.Given(Request.Create().WithPath("/refresh_access_token").UsingGet())
            .RespondWith(MetaSignInStandIn.Json(new
            {
                error = new { message = "Error validating access token: Session has expired.", type = "OAuthException", code = 190, fbtrace_id = "AbCdEf" },
            }, 400));
        var connection = await SignInAsync(app);

        var postId = await app.CreateClientAs(Roles.Editor).ScheduleAsync(new
        {
            platform = "threads", accountId = connection.Id, content = "Cold brew is back", scheduledTime = SchedulerTestExtensions.InSeconds(1),
        });
        var post = await app.WaitForPostAsync(postId, p => p.Status is PostStatus.Failed or PostStatus.Published or PostStatus.Unconfirmed);

        Assert.Equal(PostStatus.Failed, post.Status);
        var attempt = Assert.Single(post.Attempts);
        Assert.Contains("could not be renewed", attempt.Error, StringComparison.Ordinal);
        Assert.Contains("Session has expired", attempt.Error, StringComparison.Ordinal);
        var view = await app.Services.GetRequiredService<ConnectionService>().GetAsync(connection.Id);
        Assert.Equal("error", view!.Status);
        Assert.Contains("The Threads sign-in could not be renewed", view.LastError, StringComparison.Ordinal);
        Assert.Contains("reconnect the account", view.LastError, StringComparison.Ordinal);
        foreach (var text in new[] { attempt.Error!, view.LastError! })
        {
            Assert.DoesNotContain("TH-long-1", text, StringComparison.Ordinal);
            Assert.DoesNotContain(AppSecret, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(_threads.LogEntries, e => e.RequestMessage.Path.EndsWith("/threads", StringComparison.Ordinal)); // nothing was sent
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("TH-long-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARenewalThatFailsDuringFetchingIsRecordedOnTheConnection()
    {
        var app = NewApp(fakeTime: true);
        StandIn(int.Parse(SixtyDays, System.Globalization.CultureInfo.InvariantCulture));
        _threads.Given(Request.Create().WithPath("/refresh_access_token").UsingGet())
            .RespondWith(MetaSignInStandIn.Json(new { error = new { message = "The user has not authorized application.", type = "OAuthException", code = 190 } }, 400));
        var connection = await SignInAsync(app);
        _time.Advance(TimeSpan.FromDays(58));

        var report = await app.Services.GetRequiredService<SocialOps.Core.Ingestion.IngestionService>().RunAsync(connection.Id, CancellationToken.None);

        Assert.Contains("could not be renewed", report.Error, StringComparison.Ordinal);
        var view = await app.Services.GetRequiredService<ConnectionService>().GetAsync(connection.Id);
        Assert.Equal("error", view!.Status);
        Assert.Contains("The user has not authorized application", view.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("TH-long-1", view.LastError, StringComparison.Ordinal);
    }

    private static async Task<Connection> StoredAsync(SocialOpsAppFactory app, int id)
    {
        var account = await app.DbAsync(db => Task.FromResult(db.PlatformAccounts.Single(a => a.Id == id)));
        return app.Services.GetRequiredService<ConnectionStore>().Open(account);
    }

    public void Dispose()
    {
        _app?.Dispose();
        _threads.Stop();
        _threads.Dispose();
    }
}
