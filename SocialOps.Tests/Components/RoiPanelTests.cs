using System.Globalization;
using Bunit;
using SocialOps.Core.Analytics;
using SocialOps.Web.Components.Pages.Analytics;

namespace SocialOps.Tests.Components;

/// <summary>The analytics page's ROI panel and card: no figure until the team's values and costs are set, and then the figures with what narrowed them.</summary>
public sealed class RoiPanelTests : BunitTest
{
    private static readonly RoiLine[] ValueLines = [new("likes", 40, null, null), new("new followers", 10, null, null)];

    private static Roi Unset() => new("USD", null, null, null, null, ValueLines, [new("AI usage (USD)", 2.5m, 1m, 2.50m), new("tools (months)", 1m, null, null)],
        "value = …", ["value per like", "tool cost per month"], "Not shown until it is set in Settings → ROI: value per like, tool cost per month.",
        "/settings?tab=roi", 1m, null, 0, 0);

    private static Roi Filtered() => new("EUR", 102.45m, 452.50m, -350.05m, -0.7736,
        [new("likes", 13, 0.05m, 0.65m)], [new("tools (months)", 0.98m, 304.375m, 150.00m, 0.5m)], "value = …", [], null, "/settings?tab=roi",
        0.5m, "Costs narrowed to the filtered posts' share of all posts published in the period: 2 of 4 (50.0 %).", 0, 4);

    [Fact]
    public void WithoutTheTeamsValuesThePanelNamesWhatIsMissingAndLinksToTheSettings()
    {
        var panel = Render<RoiPanel>(p => p.Add(c => c.Roi, Unset()));

        Assert.Contains("value per like, tool cost per month", panel.Find("[data-testid=roi-message]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/settings?tab=roi", panel.Find("[data-testid=roi-missing-link]").GetAttribute("href"));
        Assert.Equal(["–", "–", "–"], new[] { "roi-value", "roi-cost", "roi-ratio" }.Select(id => panel.Find($"[data-testid={id}]").TextContent.Trim()));
        Assert.Contains("not set", panel.Find("tbody").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AFilteredRoiShowsItsFiguresAndTheShareOfTheCosts()
    {
        var panel = Render<RoiPanel>(p => p.Add(c => c.Roi, Filtered()));

        Assert.Empty(panel.FindAll("[data-testid=roi-message]"));
        Assert.Equal((-0.7736).ToString("P0", CultureInfo.CurrentCulture), panel.Find("[data-testid=roi-ratio]").TextContent.Trim());
        Assert.Contains("2 of 4", panel.Find("[data-testid=roi-cost-share]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Amounts in EUR", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCardSaysWhatIsMissingOrWhatTheCostsWereNarrowedBy()
    {
        Assert.Equal("not shown until set in Settings → ROI: value per like, tool cost per month", AnalyticsModel.RoiDetail(Unset()));
        Assert.Contains("the filtered posts' share", AnalyticsModel.RoiDetail(Filtered()), StringComparison.Ordinal);
        Assert.Equal("", AnalyticsModel.RoiDetail(null));
        var noCost = Filtered() with { Cost = 0m, Net = 102.45m, Ratio = null, Message = "The costs of the period come to 0 (no AI usage, and monthly costs of 0): there is no ratio without a cost." };
        Assert.Equal(noCost.Message, AnalyticsModel.RoiDetail(noCost));
    }
}
