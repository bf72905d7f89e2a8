using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialOps.Core.Identity;

namespace SocialOps.Tests.Analytics;

public sealed class AnalyticsApiTests(AnalyticsFixture world) : AnalyticsApiChecks(world), IClassFixture<AnalyticsFixture>;

/// <summary>The contract and the export's sums on PostgreSQL.</summary>
public sealed class AnalyticsApiPostgresTests(PostgresAnalyticsFixture world) : AnalyticsApiChecks(world), IClassFixture<PostgresAnalyticsFixture>;

public abstract class AnalyticsApiChecks(AnalyticsFixture world)
{
    private HttpClient Client => world.App.CreateClientAs(Roles.Analyst);

    [Fact]
    public async Task TheDashboardAnswersTheContractFields()
    {
        using var doc = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/api/analytics/dashboard?from=2026-06-14&to=2026-06-14&timeZone=America/Los_Angeles", UriKind.Relative)));
        var root = doc.RootElement;

        foreach (var field in new[] { "posts", "likes", "comments", "shares", "impressions", "engagementRate", "followers", "followerGrowth" })
        {
            Assert.True(root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number, field);
        }

        foreach (var field in new[] { "positive", "neutral", "negative", "meanScore" })
        {
            Assert.True(root.GetProperty("sentiment").TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number, field);
        }

        Assert.Equal(2, root.GetProperty("posts").GetInt32());
        Assert.Equal("mastodon", root.GetProperty("platforms")[0].GetProperty("platform").GetString());
    }

    [Theory]
    [InlineData("2026-06-14", "2026-06-15", "America/Los_Angeles")]
    [InlineData("2026-01-01", "2026-06-30", "UTC")]
    [InlineData("2026-03-08", "2026-03-08", "America/Los_Angeles")]
    public async Task TheExportsSumsEqualTheDashboardsTotals(string from, string to, string zone)
    {
        var query = $"from={from}&to={to}&timeZone={zone}";
        var dashboard = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/dashboard?{query}", UriKind.Relative));
        using var csv = await Client.GetAsync(new Uri($"/api/analytics/export?{query}&format=csv", UriKind.Relative));
        var json = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/export?{query}&format=json", UriKind.Relative));

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = ParseCsv(await csv.Content.ReadAsStringAsync());
        var header = rows[0];
        var data = rows.Skip(1).ToList();
        Assert.Equal(dashboard.GetProperty("posts").GetInt32(), data.Count);
        Assert.Equal(data.Count, json.GetArrayLength());
        Assert.True(data.Count > 0);
        foreach (var column in new[] { "likes", "comments", "shares", "saves", "clicks", "impressions", "reach" })
        {
            var i = Array.IndexOf(header, column);
            Assert.Equal(dashboard.GetProperty(column).GetInt64(), data.Sum(r => long.Parse(r[i], CultureInfo.InvariantCulture)));
            Assert.Equal(dashboard.GetProperty(column).GetInt64(), json.EnumerateArray().Sum(r => r.GetProperty(column).GetInt64()));
        }

        Assert.All(new[] { "post_id", "platform", "published_at_utc" }, c => Assert.Contains(c, header));
    }

    [Fact]
    public async Task TheCsvNeverHandsASpreadsheetAFormula()
    {
        var text = await Client.GetStringAsync(new Uri("/api/analytics/export?from=2026-06-14&to=2026-06-14&format=csv", UriKind.Relative));
        var row = ParseCsv(text).Single(r => r[1] == "mastodon");

        Assert.Equal("'=cmd|' /C calc'!A0, \"quoted\"", row[^1]);
    }

    [Theory]
    [InlineData("from=2026-06-15&to=2026-06-14", "before from")]
    [InlineData("from=2022-01-01&to=2026-06-14", "3 years")]
    [InlineData("timeZone=Nowhere/Land", "time zone")]
    [InlineData("platform=friendster", "platform")]
    [InlineData("format=xlsx", "format")]
    public async Task BadInputGetsA400WithTheReason(string query, string reason)
    {
        using var response = await Client.GetAsync(new Uri($"/api/analytics/export?{query}", UriKind.Relative));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/analytics/engagement")]
    [InlineData("/api/analytics/growth")]
    [InlineData("/api/analytics/sentiment")]
    [InlineData("/api/analytics/top-posts")]
    [InlineData("/api/analytics/best-times")]
    [InlineData("/api/analytics/roi")]
    public async Task EveryReportAnswersAnEmptyPeriodWithZeros(string path)
    {
        using var response = await Client.GetAsync(new Uri($"{path}?from=2025-01-01&to=2025-01-31", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"posts\":1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEndpointsAreInTheOpenApiDocument()
    {
        var doc = await Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        foreach (var path in new[] { "dashboard", "roi", "engagement", "growth", "sentiment", "top-posts", "best-times", "export" })
        {
            Assert.Contains($"\"/api/analytics/{path}\"", doc, StringComparison.Ordinal);
        }
    }

    /// <summary>A strict RFC 4180 reader for the test (quoted fields, doubled quotes, CRLF rows).</summary>
    private static List<string[]> ParseCsv(string text)
    {
        text = text.TrimStart('\uFEFF');
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else { field.Append(c); }
        }

        return rows;
    }
}
