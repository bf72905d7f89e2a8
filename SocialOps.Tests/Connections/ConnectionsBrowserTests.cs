using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;

namespace SocialOps.Tests.Connections;

/// <summary>The demo app, allowed to reach stand-ins on loopback.</summary>
public sealed class ConnectionsBrowserFixture : BrowserFixture
{
    protected override void ConfigureApp(SocialOpsAppFactory app)
    {
        base.ConfigureApp(app);
        app.Settings["Connectors:AllowInsecureBaseUrls"] = "true";
        app.Settings["Connectors:Timeout"] = "00:00:20";
    }
}

public sealed class ConnectionsBrowserTests(ConnectionsBrowserFixture browser) : IClassFixture<ConnectionsBrowserFixture>, IDisposable
{
    private readonly MastodonStandIn _mastodon = new();

    [Fact]
    public async Task AnAdminConnectsMastodonPublishesAndSeesAReplyAnalysed()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings");
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Connections" }).ClickAsync();

        // The demo's accounts are Sandbox accounts behaving as their platforms.
        await Assertions.Expect(tab.Page.GetByTestId("connection").First).ToContainTextAsync("Sandbox · behaves as");

        var form = tab.Page.GetByTestId("add-connection");
        await form.Locator("[data-testid=connection-name] input, input[data-testid=connection-name]").FillAsync("Brand on Mastodon");
        await form.Locator("[data-testid=connection-baseurl] input, input[data-testid=connection-baseurl]").FillAsync(_mastodon.Url);
        await form.Locator("[data-testid=connection-token] input, input[data-testid=connection-token]").FillAsync("wrong-token");
        await form.GetByTestId("connection-add").ClickAsync();
        await Assertions.Expect(form.GetByTestId("connection-error")).ToContainTextAsync("The access token is invalid");

        await form.Locator("[data-testid=connection-token] input, input[data-testid=connection-token]").FillAsync(MastodonStandIn.Token);
        await form.GetByTestId("connection-add").ClickAsync();
        var card = tab.Page.GetByTestId("connection").Filter(new() { HasText = "Brand on Mastodon" });
        await Assertions.Expect(card).ToContainTextAsync("@brand@localhost");
        await Assertions.Expect(card.GetByTestId("connection-status")).ToHaveTextAsync("connected");
        await Assertions.Expect(card.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 1);
        Assert.DoesNotContain(MastodonStandIn.Token, await tab.Page.ContentAsync(), StringComparison.Ordinal);
        await tab.ScreenshotAsync("settings-connections");
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.ScreenshotAsync("settings-connections-phone");
        Assert.True(await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the page must not scroll sideways on a phone");
        await tab.Page.SetViewportSizeAsync(1440, 900);

        // Schedule to the new connection, let it publish, then a reply arrives on the instance.
        var accountId = int.Parse(await card.GetAttributeAsync("data-connection-id") ?? "0", CultureInfo.InvariantCulture);
        using var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", browser.App.TokenFor(Roles.Editor));
        var postId = await api.ScheduleAsync(new
        {
            platform = "mastodon", accountId, content = "Our winter blend is out", scheduledTime = SchedulerTestExtensions.InSeconds(1),
        });
        var post = await browser.App.WaitForPostAsync(postId, p => p.Status is PostStatus.Published or PostStatus.Failed or PostStatus.Unconfirmed);
        Assert.Equal(PostStatus.Published, post.Status);
        var fan = MastodonStandIn.Account(id: "2", acct: "fan@other.example", name: "Unhappy Customer");
        _mastodon.Server.Given(MastodonStandIn.Authed($"/api/v1/statuses/{post.ExternalId}/context", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new
            {
                ancestors = Array.Empty<object>(),
                descendants = new[] { MastodonStandIn.Status("900001", "<p>This is terrible, my order never arrived and nobody answers.</p>", TimeProvider.System.GetUtcNow(), post.ExternalId, fan) },
            }));

        await card.GetByTestId("connection-sync").ClickAsync();
        await Assertions.Expect(tab.Page.Locator(".mud-snackbar").Filter(new() { HasText = "new comments" })).ToContainTextAsync("1 new comments");

        await tab.GotoInteractiveAsync("/inbox");
        var comment = tab.Page.Locator("[data-interaction-id]").Filter(new() { HasText = "my order never arrived" });
        await Assertions.Expect(comment).ToContainTextAsync("Unhappy Customer");
        await Assertions.Expect(comment).ToContainTextAsync("negative");
        await tab.ScreenshotAsync("inbox-ingested-reply");

        // Removing asks first, and keeps the history.
        await tab.GotoInteractiveAsync("/settings");
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Connections" }).ClickAsync();
        await tab.Page.GetByTestId("connection").Filter(new() { HasText = "Brand on Mastodon" }).GetByTestId("connection-remove").ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d+ pending posts? on it will be cancelled"));
        await tab.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("connection").Filter(new() { HasText = "Brand on Mastodon" })).ToHaveCountAsync(0);
        await tab.GotoInteractiveAsync("/inbox");
        await Assertions.Expect(tab.Page.Locator("[data-interaction-id]").Filter(new() { HasText = "my order never arrived" })).ToHaveCountAsync(1);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AFailedSignInsBannerGoesOnceTheNextConnectionSucceeds()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings?tab=connections&oauthError=" + Uri.EscapeDataString("Mastodon refused: access_denied"));
        await Assertions.Expect(tab.Page.GetByTestId("oauth-error")).ToContainTextAsync("access_denied");

        var form = tab.Page.GetByTestId("add-connection");
        await form.GetByTestId("connection-platform").ClickAsync();
        await tab.Page.GetByRole(AriaRole.Option, new() { Name = "Sandbox (practice account)" }).ClickAsync();
        await form.Locator("input[data-testid=connection-name], [data-testid=connection-name] input").FillAsync("Practice after a refusal");
        await form.GetByTestId("connection-add").ClickAsync();

        await Assertions.Expect(tab.Page.Locator(".mud-snackbar").Filter(new() { HasText = "Connected Practice after a refusal" })).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.GetByTestId("oauth-error")).ToHaveCountAsync(0);
        Assert.DoesNotContain("oauthError", tab.Page.Url, StringComparison.Ordinal);
        await tab.ScreenshotAsync("settings-connections-after-refusal");
        Assert.Empty(tab.Errors);

        var card = tab.Page.GetByTestId("connection").Filter(new() { HasText = "Practice after a refusal" });
        var id = int.Parse(await card.GetAttributeAsync("data-connection-id") ?? "0", CultureInfo.InvariantCulture);
        Assert.NotNull(await browser.App.Services.GetRequiredService<ConnectionService>().RemoveAsync(id, Actor.System));
    }

    [Fact]
    public async Task SigningInWithMastodonGoesToTheInstanceAndComesBackConnected()
    {
        // The instance registers the app, and its authorisation page (the person says yes) sends the browser back with a code.
        _mastodon.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/v1/apps").UsingPost()).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { id = "1", name = "SocialOps", client_id = "cid", client_secret = "csecret" }));
        _mastodon.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/oauth/authorize").UsingGet()).AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(302)
                .WithHeader("Location", "{{request.query.redirect_uri}}?code=granted&state={{request.query.state}}").WithTransformer());
        _mastodon.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/oauth/token").UsingPost()).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { access_token = MastodonStandIn.Token, token_type = "Bearer", scope = "read write" }));
        // Another account than the other tests of this class connect (one account is connected once).
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/accounts/verify_credentials", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(MastodonStandIn.Account(id: "4242", acct: "signedin", name: "Signed-in brand", avatar: _mastodon.Url + "/avatars/brand.png")));
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings?tab=connections");

        var form = tab.Page.GetByTestId("add-connection");
        await form.Locator("input[data-testid=connection-name], [data-testid=connection-name] input").FillAsync("Signed in on Mastodon");
        await Assertions.Expect(form.GetByTestId("connection-signin")).ToBeDisabledAsync();
        await Assertions.Expect(form.GetByTestId("connection-signin-hint")).ToContainTextAsync("instance address first");
        await form.Locator("input[data-testid=connection-baseurl], [data-testid=connection-baseurl] input").FillAsync(_mastodon.Url);
        await form.GetByTestId("connection-signin").ClickAsync();

        await Assertions.Expect(tab.Page.GetByTestId("oauth-connected")).ToContainTextAsync("Signed in on Mastodon");
        await tab.WaitForInteractiveAsync();
        var card = tab.Page.GetByTestId("connection").Filter(new() { HasText = "Signed in on Mastodon" });
        await Assertions.Expect(card.GetByTestId("connection-status")).ToHaveTextAsync("connected");
        Assert.Contains("tab=connections", tab.Page.Url, StringComparison.Ordinal);
        Assert.Contains(_mastodon.Server.LogEntries, e => e.RequestMessage.Path == "/oauth/token" && e.RequestMessage.Body!.Contains("code=granted", StringComparison.Ordinal));
        await tab.ScreenshotAsync("settings-connections-signed-in");
        Assert.Empty(tab.Errors);

        // This class shares one app: the connection goes again with its stand-in, so other pages never show its lost avatar.
        var id = int.Parse(await card.GetAttributeAsync("data-connection-id") ?? "0", CultureInfo.InvariantCulture);
        Assert.NotNull(await browser.App.Services.GetRequiredService<SocialOps.Core.Publishing.Connections.ConnectionService>().RemoveAsync(id, SocialOps.Core.Common.Actor.System));
    }

    [Fact]
    public async Task AConnectionSaysWhichPostsCommentsCouldNotBeFetched()
    {
        // Another account than the other tests of this class connect (one account is connected once).
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/accounts/verify_credentials", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(MastodonStandIn.Account(id: "5151", acct: "roastery", name: "Roastery", avatar: _mastodon.Url + "/avatars/brand.png")));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/statuses/400/context", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { error = "Record not found" }, 404));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/statuses/500/context", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { ancestors = Array.Empty<object>(), descendants = Array.Empty<object>() }));
        using var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", browser.App.TokenFor(Roles.Admin));
        var (added, body) = await api.PostJsonAsync("/api/connections",
            new { platform = "mastodon", name = "Roastery on Mastodon", baseUrl = _mastodon.Url, accessToken = MastodonStandIn.Token });
        Assert.True(added.IsSuccessStatusCode, body.ToString());
        var id = body.GetProperty("id").GetInt32();
        await browser.App.DbAsync(async db =>
        {
            foreach (var (externalId, text) in new[] { ("400", "Our spring menu, deleted on the instance since"), ("500", "Cold brew is back") })
            {
                db.Posts.Add(new Post { Platform = SocialOps.Core.Publishing.Platform.Mastodon, AccountId = id, Content = text, CreatedAt = TimeProvider.System.GetUtcNow() }
                    .PublishedAt(TimeProvider.System.GetUtcNow().AddHours(-1), externalId));
            }

            return await db.SaveChangesAsync();
        });
        try
        {
            await using var tab = await browser.NewPageAsync();
            await tab.GotoInteractiveAsync("/settings?tab=connections");
            var card = tab.Page.GetByTestId("connection").Filter(new() { HasText = "Roastery on Mastodon" });

            await card.GetByTestId("connection-sync").ClickAsync();

            await Assertions.Expect(card.GetByTestId("connection-comment-problem"))
                .ToContainTextAsync("Fetching comments: 1 post failed — “Our spring menu, deleted on the instance…”: Mastodon has no such resource (404)");
            await Assertions.Expect(card.GetByTestId("connection-status")).ToHaveTextAsync("connected");
            await card.ScrollIntoViewIfNeededAsync();
            await tab.ScreenshotAsync("settings-connection-comment-problem");
            Assert.Empty(tab.Errors);
        }
        finally
        {
            // This class shares one app: the connection goes again with its stand-in, so other pages never show its lost avatar.
            await browser.App.Services.GetRequiredService<SocialOps.Core.Publishing.Connections.ConnectionService>().RemoveAsync(id, SocialOps.Core.Common.Actor.System);
        }
    }

    [Fact]
    public async Task AZoneTypedWithoutPickingTheSuggestionIsKept()
    {
        var (connection, _) = await browser.App.Services.GetRequiredService<ConnectionService>()
            .AddAsync(new NewConnection("sandbox", "Zone typed by hand", BehavesAs: "mastodon"), Actor.System);
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings");
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Connections" }).ClickAsync();
        var card = tab.Page.Locator($"[data-connection-id='{connection!.Id}']");
        await card.GetByTestId("connection-edit").ClickAsync();

        var zone = card.Locator("[data-testid=connection-zone] input, input[data-testid=connection-zone]");
        await zone.FillAsync("Europe/Lisbon");
        await card.GetByTestId("connection-save").ClickAsync();

        await Assertions.Expect(card).ToContainTextAsync("Europe/Lisbon");
        var stored = await browser.App.DbAsync(db => db.PlatformAccounts.Where(a => a.Id == connection.Id).Select(a => a.TimeZone).SingleAsync());
        Assert.Equal("Europe/Lisbon", stored);
        Assert.Empty(tab.Errors);
    }

    public void Dispose() => _mastodon.Dispose();
}
