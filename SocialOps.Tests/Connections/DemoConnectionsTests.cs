using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Content;
using SocialOps.Core.Demo;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;

namespace SocialOps.Tests.Connections;

/// <summary>The demo's accounts are Sandbox accounts behaving as their platforms: nothing in the demo fails by itself.</summary>
public sealed class DemoConnectionsTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    [Theory]
    [InlineData("x")]
    [InlineData("instagram")]
    [InlineData("linkedin")]
    [InlineData("facebook")]
    public async Task TheDemosPostsOnEveryPlatformPublishIntoTheSandbox(string platform)
    {
        await _app.Services.GetRequiredService<DemoSeeder>().SeedAsync();

        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new
        {
            platform, content = "[Demo] a new post", mediaReferences = new[] { "https://example.social/media/cup.jpg" }, scheduledTime = SchedulerTestExtensions.InSeconds(1),
        });
        var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed or PostStatus.Unconfirmed);

        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal(1, await _app.SandboxCountAsync(id));
        var demoAccounts = await _app.DbAsync(db => db.PlatformAccounts.Where(a => a.IsDemo).ToListAsync());
        Assert.All(demoAccounts, a => Assert.True(a.IsSandbox));
        var listed = await _app.CreateClientAs(Roles.Admin).GetStringAsync(new Uri("/api/connections", UriKind.Relative));
        Assert.Contains($"\"behavesAs\":\"{platform}\"", listed, StringComparison.Ordinal);
        Assert.Equal(Enum.Parse<Platform>(platform, ignoreCase: true), post.Platform);
    }

    public void Dispose() => _app.Dispose();
}
