using Bunit;
using SocialOps.Core.Publishing;
using SocialOps.Web.Components.Pages.Compose;

namespace SocialOps.Tests.Components;

/// <summary>A thread's preview shows the post and each part under it, in order, each counted on its own.</summary>
public sealed class ThreadPreviewTests : BunitTest
{
    private IRenderedComponent<ThreadPreview> Preview(Platform platform, string text, params string[] parts) =>
        Render<ThreadPreview>(p => p
            .Add(x => x.Platform, platform)
            .Add(x => x.Name, "Northside Roastery")
            .Add(x => x.Text, text)
            .Add(x => x.Check, ContentRules.Check(platform, text))
            .Add(x => x.Parts, [.. parts.Select(part => (part, ContentRules.Check(platform, part)))]));

    [Fact]
    public void AThreeStepThreadShowsThreePreviewsInOrderEachWithItsOwnCounter()
    {
        var preview = Preview(Platform.Bluesky, "Roasting day", "First the beans", new string('a', 301));

        var articles = preview.FindAll("[data-testid=preview-bluesky]");
        Assert.Equal(3, articles.Count);
        Assert.Equal(["Roasting day", "First the beans"], articles.Take(2).Select(a => a.QuerySelector("[data-testid=preview-text]")!.TextContent.Trim()));
        Assert.Equal(["12 / 300", "15 / 300", "301 / 300"], preview.FindAll("[data-testid=preview-counter]").Select(c => c.TextContent.Trim()));
        Assert.Contains("over", preview.FindAll("[data-testid=preview-counter]")[2].ClassName, StringComparison.Ordinal);
        Assert.Equal(["Part 2 of 3", "Part 3 of 3"], preview.FindAll("[data-testid=preview-part]").Select(p => p.GetAttribute("aria-label")));
    }

    [Fact]
    public void ASinglePostShowsOnePreview()
    {
        var preview = Preview(Platform.Mastodon, "Just one");

        Assert.Single(preview.FindAll("[data-testid=preview-mastodon]"));
        Assert.Empty(preview.FindAll("[data-testid=preview-part]"));
    }
}
