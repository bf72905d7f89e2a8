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

    [Theory]
    [InlineData(0.126, false, "▲ 13", "success")]
    [InlineData(-0.5, false, "▼ 50", "error")]
    [InlineData(0.2, true, "▲ 20", "error")]
    public void ShowsTheChangeAgainstThePreviousPeriod(double change, bool lowerIsBetter, string text, string colour)
    {
        var card = Render<KpiCard>(p => p
            .Add(c => c.Title, "Posts")
            .Add(c => c.Value, "10")
            .Add(c => c.Change, change)
            .Add(c => c.LowerIsBetter, lowerIsBetter)
            .Add(c => c.ChangeLabel, "vs previous 30 days"));

        var line = card.Find("[data-testid=kpi-change]");
        Assert.Contains(text, line.TextContent, StringComparison.Ordinal);
        Assert.Contains("vs previous 30 days", line.TextContent, StringComparison.Ordinal);
        Assert.Contains($"mud-{colour}-text", line.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void SaysSoWhenThereIsNothingToCompareWith()
    {
        var card = Render<KpiCard>(p => p.Add(c => c.Title, "Posts").Add(c => c.Value, "3").Add(c => c.Change, null).Add(c => c.ChangeLabel, "vs previous 7 days"));

        Assert.Contains("no earlier figure", card.Find("[data-testid=kpi-change]").TextContent, StringComparison.Ordinal);
    }
}
