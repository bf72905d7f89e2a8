using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Links;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;

namespace SocialOps.Tests.Links;

/// <summary>Publishing replaces a post's links with tracked short links when the post asks for it, once per post and address.</summary>
public sealed class TrackedPublishingTests : IDisposable
{
    private const string Base = "https://go.example.test";
    private readonly ScriptedPublisher _platform = new();
    private readonly SocialOpsAppFactory _app;

    public TrackedPublishingTests()
    {
        _app = new SocialOpsAppFactory().WithPublisher(_platform).WithFastRetries();
        _app.Settings["Links:PublicBaseUrl"] = Base;
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task APostThatTracksLinksGoesOutWithShortLinksAndARetryUsesTheSameCodes()
    {
        _platform.ThenFail(PublishFailureKind.Transient, "503 from the platform");
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new
        {
            platform = "sandbox", trackLinks = true, campaign = "winter",
            content = "New blend: https://shop.example.com/winter. Story (https://blog.example.com/roast?lang=en), shop again https://shop.example.com/winter",
            scheduledTime = SchedulerTestExtensions.InSeconds(1),
        });

        var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed);

        Assert.Equal(PostStatus.Published, post.Status);
        var links = await _app.DbAsync(db => db.Set<TrackedLink>().Where(l => l.PostId == id).OrderBy(l => l.Id).ToListAsync());
        Assert.Equal(["https://shop.example.com/winter", "https://blog.example.com/roast?lang=en"], links.Select(l => l.OriginalUrl));
        Assert.Equal($"https://blog.example.com/roast?lang=en&utm_source=sandbox&utm_medium=social&utm_campaign=winter&utm_content={id}", links[1].Url);
        var expected = $"New blend: {Base}/l/{links[0].Code}. Story ({Base}/l/{links[1].Code}), shop again {Base}/l/{links[0].Code}";
        var texts = _platform.Calls.OrderBy(c => c.At).Select(c => c.Request.Content).ToList();
        Assert.Equal([expected, expected], texts);
        Assert.Equal("New blend: https://shop.example.com/winter. Story (https://blog.example.com/roast?lang=en), shop again https://shop.example.com/winter", post.Content);
    }

    [Fact]
    public async Task APostThatDoesNotAskGoesOutAsWritten()
    {
        const string text = "Plain link https://shop.example.com/as-is";
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = text, scheduledTime = SchedulerTestExtensions.InSeconds(1) });

        await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed);

        Assert.Equal(text, Assert.Single(_platform.Calls).Request.Content);
        Assert.Equal(0, await _app.DbAsync(db => db.Set<TrackedLink>().CountAsync(l => l.PostId == id)));
    }
}
