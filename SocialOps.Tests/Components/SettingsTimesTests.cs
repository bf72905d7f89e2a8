using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components.Pages.Settings;

namespace SocialOps.Tests.Components;

/// <summary>Settings shows health, rate limits and token dates in the signed-in person's zone, over the app's real services.</summary>
public sealed class SettingsTimesTests : BunitTest, IAsyncLifetime
{
    private const string UserId = "user-tokyo";
    private static readonly DateTimeOffset Evening = new(2030, 6, 5, 20, 30, 0, TimeSpan.Zero); // 05:30 the next morning in Tokyo
    private readonly SocialOpsAppFactory _app = new();

    public SettingsTimesTests()
    {
        Services.AddFallbackServiceProvider(_app.Services);
        Services.AddSingleton(TimeProvider.System);
        var auth = AddAuthorization();
        auth.SetAuthorized("tokyo@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, UserId));
        auth.SetRoles(Roles.Admin);
    }

    public async Task InitializeAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        db.Users.Add(new AppUser { Id = UserId, UserName = "tokyo@example.com", Email = "tokyo@example.com", DisplayName = "Tokyo", CreatedAt = Evening, TimeZone = "Asia/Tokyo" });
        db.PlatformAccounts.Add(new PlatformAccount
        {
            Platform = Platform.Mastodon, DisplayName = "Roastery", ExternalId = "m", IsSandbox = true,
            LastSuccessAt = Evening, RateLimitRemaining = 42, RateLimitResetAt = Evening.AddMinutes(15),
        });
        await db.SaveChangesAsync();
        var token = await _app.Services.GetRequiredService<ApiTokenService>().CreateAsync("deploy script", Roles.Editor, null, Actor.System);
        await db.ApiTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, Evening).SetProperty(t => t.LastUsedAt, Evening));
        Services.AddSingleton(await Models.ModelHarness.ClockAsync(_app, UserId));
    }

    [Fact]
    public void APersonInTokyoSeesAConnectionsHealthInTokyoTime()
    {
        var panel = Render<ConnectionsPanel>();

        panel.WaitForAssertion(() => Assert.Equal(
            "Last success: 2030-06-06 05:30 (Asia/Tokyo) · rate limit: 42 calls left until 05:45 (Asia/Tokyo)",
            string.Join(' ', panel.Find("[data-testid=connection-health]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
    }

    [Fact]
    public void APersonInTokyoSeesWhenATokenWasCreatedAndLastUsedInTokyoTime()
    {
        var panel = Render<TokensPanel>();

        panel.WaitForAssertion(() => Assert.Equal("2030-06-06 05:30", panel.Find("[data-testid=token-last-used]").TextContent.Trim()));
        Assert.Contains("2030-06-06", panel.Find("[data-testid=tokens-table]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Last used (Asia/Tokyo)", panel.Find("[data-testid=tokens-table]").TextContent, StringComparison.Ordinal);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _app.DisposeAsync();
    }
}
