using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Connections;

public sealed class AccountSummaryTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    private async Task AddAsync(params PlatformAccount[] accounts)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        db.PlatformAccounts.AddRange(accounts);
        await db.SaveChangesAsync();
    }

    private static PlatformAccount Account(Platform platform, string name, DateTimeOffset? removedAt = null) => new()
    {
        Platform = platform, DisplayName = name, ExternalId = name, Handle = $"@{name}", TimeZone = "Europe/Berlin", RemovedAt = removedAt,
    };

    [Fact]
    public async Task AccountsAreListedByPlatformNameThenAccountNameAndRemovedOnesOnlyWhenAsked()
    {
        await AddAsync(Account(Platform.Mastodon, "Zed"), Account(Platform.Bluesky, "Beans"), Account(Platform.Mastodon, "Alpha"),
            Account(Platform.Bluesky, "Gone", DateTimeOffset.UnixEpoch));
        var connections = _app.Services.GetRequiredService<ConnectionService>();

        var current = await connections.AccountsAsync();
        var all = await connections.AccountsAsync(includeRemoved: true);

        Assert.Equal(["Beans", "Alpha", "Zed"], current.Select(a => a.DisplayName));
        Assert.Equal(["Beans", "Gone", "Alpha", "Zed"], all.Select(a => a.DisplayName));
        Assert.Equal(("@Beans", "Europe/Berlin", Platform.Bluesky), (current[0].Handle, current[0].TimeZone, current[0].Platform));
    }

    public void Dispose() => _app.Dispose();
}
