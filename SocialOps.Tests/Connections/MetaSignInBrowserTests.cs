using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Common;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Connections;

/// <summary>The demo app whose Meta app is a loopback stand-in of Facebook Login and the Graph API.</summary>
public sealed class MetaSignInBrowserFixture : BrowserFixture, IAsyncLifetime
{
    public MetaSignInStandIn Meta { get; } = new();

    protected override void ConfigureApp(SocialOpsAppFactory app)
    {
        base.ConfigureApp(app);
        app.Settings["Connectors:AllowInsecureBaseUrls"] = "true";
        app.Settings["Connectors:Timeout"] = "00:00:20";
        Meta.Configure(app.Settings);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Meta.Dispose();
    }
}

public sealed class MetaSignInBrowserTests(MetaSignInBrowserFixture browser) : IClassFixture<MetaSignInBrowserFixture>, IDisposable
{
    [Fact]
    public async Task SigningInWithFacebookLetsTheAdminChooseWhichPagesAndInstagramAccountsToConnect()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.GotoInteractiveAsync("/settings?tab=connections");
        var form = tab.Page.GetByTestId("add-connection");
        await form.GetByTestId("connection-platform").ClickAsync();
        await tab.Page.GetByRole(AriaRole.Option, new() { Name = "Facebook Page" }).ClickAsync();
        await Assertions.Expect(form).ToContainTextAsync("choose which of your Pages");
        await Assertions.Expect(form.GetByTestId("connection-signin")).ToContainTextAsync("Sign in with Facebook");
        await tab.ScreenshotAsync("settings-facebook-signin");

        // Facebook's dialog (the stand-in says yes) sends the browser back; the Pages to choose from follow.
        await form.GetByTestId("connection-signin").ClickAsync();
        await tab.Page.WaitForURLAsync("**/connections/oauth/choose**") /* Facebook appends #_=_ to its redirect */;
        var candidates = tab.Page.GetByTestId("meta-candidate");
        await Assertions.Expect(candidates).ToHaveCountAsync(2);
        await Assertions.Expect(candidates.First).ToContainTextAsync("Instagram @brandcoffee");
        await Assertions.Expect(candidates.Nth(1)).ToContainTextAsync("No Instagram professional account is linked");
        Assert.DoesNotContain(MetaSignInStandIn.PageToken, await tab.Page.ContentAsync(), StringComparison.Ordinal);

        // Nothing ticked: the page says so and connects nothing.
        await tab.Page.GetByTestId("meta-choice-connect").ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("meta-choice-error")).ToContainTextAsync("Choose at least one");

        await candidates.First.GetByTestId("meta-choice-facebook").CheckAsync();
        await candidates.First.GetByTestId("meta-choice-instagram").CheckAsync();
        await tab.ScreenshotAsync("meta-choose-pages");
        await tab.Page.SetViewportSizeAsync(390, 844);
        await tab.ScreenshotAsync("meta-choose-pages-phone");
        Assert.True(await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the page must not scroll sideways on a phone");
        await tab.Page.SetViewportSizeAsync(1440, 900);
        await tab.Page.GetByTestId("meta-choice-connect").ClickAsync();

        await Assertions.Expect(tab.Page.GetByTestId("oauth-connected")).ToContainTextAsync("Brand Coffee, @brandcoffee");
        await tab.WaitForInteractiveAsync();
        foreach (var name in new[] { "Brand Coffee", "@brandcoffee" })
        {
            var card = tab.Page.GetByTestId("connection").Filter(new() { HasText = name });
            await Assertions.Expect(card.GetByTestId("connection-status")).ToHaveTextAsync("connected");
        }

        await Assertions.Expect(tab.Page.GetByTestId("connection").Filter(new() { HasText = "Brand Bakery" })).ToHaveCountAsync(0);
        await tab.ScreenshotAsync("settings-connections-facebook");
        Assert.Empty(tab.Errors);
    }

    /// <summary>The class shares one app: what this test connected goes again.</summary>
    public void Dispose()
    {
        var connections = browser.App.Services.GetRequiredService<ConnectionService>();
        foreach (var c in connections.ListAsync().GetAwaiter().GetResult().Where(c => c.Platform is "facebook" or "instagram" && !c.IsDemo))
        {
            connections.RemoveAsync(c.Id, Actor.System).GetAwaiter().GetResult();
        }
    }
}
