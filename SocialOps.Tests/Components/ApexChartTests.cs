using Bunit;
using SocialOps.Web.Components.Shared;

namespace SocialOps.Tests.Components;

public sealed class ApexChartTests : BunitTest
{
    private static readonly IReadOnlyList<string> Days = ["1 Jun", "2 Jun"];

    [Fact]
    public async Task CreatesOnceThenSendsOnlyNewDataAndDestroysWithTheComponent()
    {
        var module = JSInterop.SetupModule(ApexChart.ModulePath);
        IReadOnlyList<ApexChart.ChartSeries> first = [new("Engagements", [3, 4])];
        var chart = Render<ApexChart>(p => p.Add(c => c.Name, "engagement").Add(c => c.Labels, Days).Add(c => c.Series, first));

        var create = Assert.Single(module.Invocations, i => i.Identifier == "create");
        var id = chart.Find("[role=img]").Id;
        Assert.Equal(id, create.Arguments[1]);

        IReadOnlyList<ApexChart.ChartSeries> second = [new("Engagements", [5, 6])];
        chart.Render(p => p.Add(c => c.Series, second));

        Assert.Single(module.Invocations, i => i.Identifier == "create");
        var update = Assert.Single(module.Invocations, i => i.Identifier == "update");
        Assert.Equal(id, update.Arguments[0]);

        await DisposeComponentsAsync();
        Assert.Equal(id, Assert.Single(module.Invocations, i => i.Identifier == "destroy").Arguments[0]);
    }

    [Fact]
    public void ShowsItsNumbersAsATableOnDemand()
    {
        JSInterop.SetupModule(ApexChart.ModulePath);
        IReadOnlyList<ApexChart.ChartSeries> series = [new("Engagements", [1234, null])];
        var chart = Render<ApexChart>(p => p.Add(c => c.Name, "engagement").Add(c => c.Labels, Days).Add(c => c.Series, series).Add(c => c.LabelHeader, "Day"));

        Assert.Empty(chart.FindAll("[data-testid=engagement-table]"));
        chart.Find("[data-testid=engagement-table-toggle]").Click();

        var rows = chart.FindAll("[data-testid=engagement-table] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("1 Jun", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains(1234.ToString("N0", System.Globalization.CultureInfo.CurrentCulture), rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("–", rows[1].TextContent, StringComparison.Ordinal);
    }
}
