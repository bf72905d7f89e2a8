using System.Text.Json;
using System.Text.RegularExpressions;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Telemetry;

/// <summary>docs/grafana-dashboard.json queries only metrics that SocialOps exports and the README explains.</summary>
public sealed partial class GrafanaDashboardTests
{
    [Fact]
    public void EveryQueryOfTheDashboardNamesADocumentedSocialOpsMetric()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "grafana-dashboard.json")));
        var readme = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var documented = Documented().Matches(readme).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();

        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            var names = MetricName().Matches(query).Select(m => m.Value).ToList();
            Assert.True(names.Count > 0, $"{query} reads no SocialOps metric");
            Assert.All(names, name => Assert.True(documented.Contains(Family(name)), $"{name} in the dashboard is not in the README's metric table"));
        }

        // Every metric the README lists is on the dashboard.
        Assert.Equal(documented.Order(StringComparer.Ordinal), queries.SelectMany(q => MetricName().Matches(q).Select(m => Family(m.Value))).Distinct().Order(StringComparer.Ordinal));
    }

    // A histogram's series carry a suffix the family does not.
    private static string Family(string name) => BucketSuffix().Replace(name, "");

    [GeneratedRegex(@"\(`(?<name>socialops_[a-z_]+)`\)")]
    private static partial Regex Documented();

    [GeneratedRegex(@"\bsocialops_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|count|sum)$")]
    private static partial Regex BucketSuffix();
}
