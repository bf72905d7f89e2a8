using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Analytics.Wall;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Analytics;

public sealed class KioskTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly SocialOpsAppFactory _app;

    public KioskTests()
    {
        _app = new SocialOpsAppFactory { Time = _time };
        _app.Settings["Security:WallPairingPerMinute"] = "5";
    }

    private KioskKeyService Keys => _app.Services.GetRequiredService<KioskKeyService>();

    private HttpClient Screen() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>What the TV does: opens /wall, types the code into the box and sends the form.</summary>
    private static Task<HttpResponseMessage> EnterCodeAsync(HttpClient screen, string code) =>
        HtmlForms.PostFromPageAsync(screen, "/wall", "/wall/pair", new Dictionary<string, string> { ["code"] = code });

    [Fact]
    public async Task ACodeTypedOnTheScreenPairsItOnceAndTheUseIsAudited()
    {
        var pairing = await Keys.CreateAsync("Office TV", Actor.System);
        using var screen = Screen();

        using var pair = await EnterCodeAsync(screen, KioskKeyService.Display(pairing.Code).ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, pair.StatusCode);
        Assert.Equal("/wall", pair.Headers.Location?.OriginalString);

        using var wall = await screen.GetAsync(new Uri("/wall", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, wall.StatusCode);
        Assert.Contains("data-testid=\"wall-clock\"", await wall.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The same code on another screen: used up.
        using var other = Screen();
        using var again = await EnterCodeAsync(other, pairing.Code);
        Assert.Equal("/wall?pairing=invalid", again.Headers.Location?.OriginalString);

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(["kiosk.create", "kiosk.open"], await db.AuditEntries.Where(a => a.Action.StartsWith("kiosk.")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.DoesNotContain(await db.KioskKeys.Select(k => k.PairingCodeHash).ToListAsync(), h => h != null);
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Contains(pairing.Code, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AOneTimeLinkPairsOnceAndLeavesABareWallUrl()
    {
        var pairing = await Keys.CreateAsync("Lobby", Actor.System);
        using var screen = Screen();

        using var open = await screen.GetAsync(new Uri($"/wall/pair?code={pairing.Code}", UriKind.Relative));
        using var replay = await Screen().GetAsync(new Uri($"/wall/pair?code={pairing.Code}", UriKind.Relative));

        Assert.Equal("/wall", open.Headers.Location?.OriginalString);
        Assert.Contains("no-store", open.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await screen.GetAsync(new Uri("/wall", UriKind.Relative))).StatusCode);
        Assert.Equal("/wall?pairing=invalid", replay.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnExpiredCodeIsRefused()
    {
        var pairing = await Keys.CreateAsync("Late TV", Actor.System);
        _time.Advance(KioskKeyService.PairingLifetime + TimeSpan.FromSeconds(1));
        using var screen = Screen();

        using var pair = await EnterCodeAsync(screen, pairing.Code);
        using var wall = await screen.GetAsync(new Uri("/wall?pairing=invalid", UriKind.Relative));

        Assert.Equal("/wall?pairing=invalid", pair.Headers.Location?.OriginalString);
        var html = await wall.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"wall-pairing\"", html, StringComparison.Ordinal);
        Assert.Contains("older than ten minutes", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"wall-clock\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewCodeReplacesTheOldOne()
    {
        var first = await Keys.CreateAsync("TV", Actor.System);
        var second = await Keys.PairAsync(first.Id, Actor.System);

        Assert.Null(await Keys.RedeemAsync(first.Code, null));
        Assert.NotNull(await Keys.RedeemAsync(second!.Code, null));
    }

    [Fact]
    public async Task AWallKeyLinkOfTheOldFormOpensNothingAndSaysToPair()
    {
        using var screen = Screen();

        using var response = await screen.GetAsync(new Uri("/wall?key=sow_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", UriKind.Relative));
        using var page = await screen.GetAsync(response.Headers.Location!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/wall?pairing=old-link", response.Headers.Location?.OriginalString);
        Assert.Contains("no longer open the wall", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PairingAttemptsAreRateLimitedPerAddress()
    {
        using var screen = Screen();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var attempt = await screen.GetAsync(new Uri("/wall/pair?code=WRONGCOD", UriKind.Relative));
            statuses.Add(attempt.StatusCode);
        }

        Assert.All(statuses[..5], s => Assert.Equal(HttpStatusCode.Redirect, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
    }

    [Fact]
    public async Task ARevokedScreenIsClosed()
    {
        var pairing = await Keys.CreateAsync("Lobby", Actor.System);
        using var screen = Screen();
        (await screen.GetAsync(new Uri($"/wall/pair?code={pairing.Code}", UriKind.Relative))).Dispose();
        Assert.Contains("wall-clock", await (await screen.GetAsync(new Uri("/wall", UriKind.Relative))).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.True(await Keys.RevokeAsync(pairing.Id, Actor.System));

        var again = await (await screen.GetAsync(new Uri("/wall", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("wall-clock", again, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"wall-pairing\"", again, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/analytics")]
    [InlineData("/inbox")]
    [InlineData("/api/analytics/dashboard")]
    [InlineData("/api/sentiment/health")]
    public async Task APairedScreenReachesNothingButTheWall(string path)
    {
        var pairing = await Keys.CreateAsync("TV", Actor.System);
        using var screen = Screen();
        (await screen.GetAsync(new Uri($"/wall/pair?code={pairing.Code}", UriKind.Relative))).Dispose();

        using var response = await screen.GetAsync(new Uri(path, UriKind.Relative));

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/account/access-denied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnonymousVisitorsOfTheWallGetThePairingBox()
    {
        using var response = await Screen().GetAsync(new Uri("/wall", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"wall-code\"", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWallHidesTheTextOfUnpublishedPostsUnlessAnAdminTurnsItOn()
    {
        const string secret = "Launch of the spring blend, embargoed until Friday";
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            db.Posts.Add(new Post { Content = secret, Platform = Platform.Sandbox }.ScheduledAt(_time.GetUtcNow().AddHours(3)));
            await db.SaveChangesAsync();
        }

        var wall = _app.Services.GetRequiredService<WallQueries>();
        var hidden = Assert.Single((await wall.LoadAsync(TimeZoneInfo.Utc)).Upcoming);
        await Keys.SetShowUnpublishedTextAsync(true, Actor.System);
        var shown = Assert.Single((await wall.LoadAsync(TimeZoneInfo.Utc)).Upcoming);

        Assert.Null(hidden.Text);
        Assert.Equal(Platform.Sandbox, hidden.Platform);
        Assert.Equal(secret, shown.Text);
        Assert.True(await Keys.ShowsUnpublishedTextAsync());
    }

    [Fact]
    public async Task TheWallsZoneIsTheConfiguredOneUntilAnAdminChoosesAnother()
    {
        Assert.Equal("Etc/UTC", (await Keys.WallZoneAsync()).Id);

        Assert.Equal("Unknown time zone 'Mars/Olympus'. Choose one from the list, e.g. Europe/Berlin.", await Keys.SetWallZoneAsync("Mars/Olympus", Actor.System));
        Assert.Null(await Keys.SetWallZoneAsync("Asia/Tokyo", Actor.System));
        await Keys.SetShowUnpublishedTextAsync(true, Actor.System);

        Assert.Equal("Asia/Tokyo", (await Keys.WallZoneAsync()).Id);
        Assert.True(await Keys.ShowsUnpublishedTextAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => Keys.SetWallZoneAsync("Europe/Berlin", new Actor("ed@example.com", "user-ed", Access: Access.Editor)));
    }

    public void Dispose() => _app.Dispose();
}
