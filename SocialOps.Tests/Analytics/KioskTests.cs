using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics.Wall;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Analytics;

public sealed class KioskTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    private KioskKeyService Keys => _app.Services.GetRequiredService<KioskKeyService>();

    private HttpClient Screen() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task AKeyOpensTheWallWithoutASignInAndTheUseIsAudited()
    {
        var key = await Keys.CreateAsync("Office TV", Actor.System);
        using var screen = Screen();

        using var open = await screen.GetAsync(new Uri($"/wall?key={key.Key}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal("/wall", open.Headers.Location?.OriginalString);

        using var wall = await screen.GetAsync(new Uri("/wall", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, wall.StatusCode);
        Assert.Contains("data-testid=\"wall-clock\"", await wall.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(["kiosk.create", "kiosk.open"], await db.AuditEntries.Where(a => a.Action.StartsWith("kiosk.")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.DoesNotContain(await db.AuditEntries.Select(a => a.Details).ToListAsync(), d => d != null && d.Contains(key.Key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sow_not-a-key")]
    [InlineData("")]
    public async Task AWrongKeyGetsTheSignInPage(string key)
    {
        using var screen = Screen();
        using var response = await screen.GetAsync(new Uri($"/wall?key={key}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedAndEndsTheScreensThatUsedIt()
    {
        var key = await Keys.CreateAsync("Lobby", Actor.System);
        using var screen = Screen();
        (await screen.GetAsync(new Uri($"/wall?key={key.Key}", UriKind.Relative))).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await screen.GetAsync(new Uri("/wall", UriKind.Relative))).StatusCode);

        Assert.True(await Keys.RevokeAsync(key.Id, Actor.System));

        using var again = await screen.GetAsync(new Uri("/wall", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith("/account/login", again.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        using var fresh = Screen();
        using var reopen = await fresh.GetAsync(new Uri($"/wall?key={key.Key}", UriKind.Relative));
        Assert.StartsWith("/account/login", reopen.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/analytics")]
    [InlineData("/inbox")]
    [InlineData("/api/analytics/dashboard")]
    [InlineData("/api/sentiment/health")]
    public async Task AWallKeyReachesNothingButTheWall(string path)
    {
        var key = await Keys.CreateAsync("TV", Actor.System);
        using var screen = Screen();
        (await screen.GetAsync(new Uri($"/wall?key={key.Key}", UriKind.Relative))).Dispose();

        using var response = await screen.GetAsync(new Uri(path, UriKind.Relative));

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/account/access-denied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnonymousVisitorsOfTheWallAreSentToSignIn()
    {
        using var response = await Screen().GetAsync(new Uri("/wall", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();
}
