using Bunit;
using SocialOps.Web.Components.Shared;

namespace SocialOps.Tests.Components;

public sealed class KpiCardTests : BunitTest
{
    [Fact]
    public void ShowsTitleValueAndDetail()
    {
        var card = Render<KpiCard>(p => p
            .Add(c => c.Title, "Followers")
            .Add(c => c.Value, "12,345")
            .Add(c => c.Detail, "+120 in 30 days"));

        Assert.Contains("Followers", card.Markup, StringComparison.Ordinal);
        Assert.Equal("12,345", card.Find(".so-kpi-value").TextContent);
        Assert.Contains("+120 in 30 days", card.Markup, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("a"));
    }

    [Fact]
    public void LinksTheValueWhenGivenAnAddress()
    {
        var card = Render<KpiCard>(p => p
            .Add(c => c.Title, "Needs a reply")
            .Add(c => c.Value, "7")
            .Add(c => c.Href, "inbox"));

        Assert.Equal("inbox", card.Find("a").GetAttribute("href"));
    }
}
