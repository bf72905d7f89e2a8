using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Analytics;

/// <summary>ROI values set in Settings → ROI: checked, stored, audited, used by the ROI figure, and reset to the settings file.</summary>
public sealed class RoiSettingsTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new() { Settings = { ["Analytics:Roi:MonthlyToolCost"] = "0", ["Analytics:Roi:ValuePerLike"] = "0.05" } };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static object Values(string currency = "EUR", decimal perLike = 0.2m, decimal tools = 300m) => new
    {
        currency, valuePerLike = perLike, valuePerComment = 0.25m, valuePerShare = 0.5m, valuePerClick = 0.1m, valuePerNewFollower = 1m,
        monthlyToolCost = tools, monthlyLabourCost = 0m, usdRate = 0.9m,
    };

    [Fact]
    public async Task AnAdminChangesTheValuesTheRoiUsesAndCanGoBackToTheSettingsFile()
    {
        using var admin = _app.CreateClientAs(Roles.Admin);
        var before = await JsonAsync(await admin.GetAsync(new Uri("/api/analytics/roi/settings", UriKind.Relative)));
        Assert.False(before.GetProperty("customised").GetBoolean());
        Assert.Equal(0.05m, before.GetProperty("values").GetProperty("valuePerLike").GetDecimal());

        using var saved = await admin.PutAsJsonAsync(new Uri("/api/analytics/roi/settings", UriKind.Relative), Values());

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var roi = await JsonAsync(await admin.GetAsync(new Uri("/api/analytics/roi?from=2026-11-01&to=2026-11-30&timeZone=UTC", UriKind.Relative)));
        Assert.Equal("EUR", roi.GetProperty("currency").GetString());
        // 300 a month, spread over the 30 days of the period (the settings file said 0).
        Assert.InRange(roi.GetProperty("cost").GetDecimal(), 290m, 300m);
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "analytics.roi.update"));
        }

        using var reset = await admin.DeleteAsync(new Uri("/api/analytics/roi/settings", UriKind.Relative));
        var after = await JsonAsync(reset);
        Assert.False(after.GetProperty("customised").GetBoolean());
        Assert.Equal("USD", after.GetProperty("values").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task ValuesLeftOutOfTheSettingsFileAreUnsetAndTheRoiNamesThemInsteadOfAssumingAny()
    {
        using var analyst = _app.CreateClientAs(Roles.Analyst);

        var settings = await JsonAsync(await analyst.GetAsync(new Uri("/api/analytics/roi/settings", UriKind.Relative)));
        var roi = await JsonAsync(await analyst.GetAsync(new Uri("/api/analytics/roi?from=2026-11-01&to=2026-11-30&timeZone=UTC", UriKind.Relative)));

        // The settings file gave a value per like and a tool cost of 0; nothing else is set, and the suggestions are only shown.
        var values = settings.GetProperty("values");
        Assert.Equal(0.05m, values.GetProperty("valuePerLike").GetDecimal());
        Assert.Equal(JsonValueKind.Null, values.GetProperty("valuePerComment").ValueKind);
        Assert.Equal("0.10–0.50", settings.GetProperty("suggestions").GetProperty("valuePerComment").GetString());
        Assert.Equal(JsonValueKind.Null, roi.GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, roi.GetProperty("cost").ValueKind);
        Assert.Equal(JsonValueKind.Null, roi.GetProperty("ratio").ValueKind);
        Assert.Equal(["value per comment", "value per share", "value per click", "value per new follower", "labour cost per month"],
            roi.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("Settings → ROI", roi.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("/settings?tab=roi", roi.GetProperty("settingsUrl").GetString());
        Assert.Equal(0.05m, roi.GetProperty("valueLines")[0].GetProperty("unitValue").GetDecimal());
        Assert.Equal(JsonValueKind.Null, roi.GetProperty("valueLines")[1].GetProperty("unitValue").ValueKind);
    }

    [Fact]
    public void NoValueOrCostIsSetByDefaultAndNoSuggestionIsCountedWith()
    {
        var defaults = new RoiOptions();

        Assert.All(defaults.ValueSettings().Concat(defaults.CostSettings()), s => Assert.Null(s.Amount));
        Assert.Equal(["valuePerClick", "valuePerComment", "valuePerLike", "valuePerNewFollower", "valuePerShare"], RoiOptions.Suggestions.Keys.Order());
    }

    [Fact]
    public async Task AnAdminCanLeaveAValueUnsetAndItIsStoredAsUnset()
    {
        using var admin = _app.CreateClientAs(Roles.Admin);

        using var saved = await admin.PutAsJsonAsync(new Uri("/api/analytics/roi/settings", UriKind.Relative),
            new { currency = "EUR", valuePerLike = 0.1m, valuePerComment = (decimal?)null, monthlyToolCost = 0m, usdRate = 1m });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var values = (await JsonAsync(saved)).GetProperty("values");
        Assert.Equal(0.1m, values.GetProperty("valuePerLike").GetDecimal());
        Assert.Equal(JsonValueKind.Null, values.GetProperty("valuePerComment").ValueKind);
        Assert.Equal(JsonValueKind.Null, values.GetProperty("monthlyLabourCost").ValueKind);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var row = await db.RoiSettings.SingleAsync();
        Assert.Equal((0.1m, (decimal?)null, 0m), (row.ValuePerLike, row.ValuePerComment, row.MonthlyToolCost));
    }

    [Theory]
    [InlineData("EURO", 0.2, 300, "currency")]
    [InlineData("EUR", -1, 300, "valuePerLike")]
    [InlineData("EUR", 0.2, -5, "monthlyToolCost")]
    public async Task BadValuesAreRefusedFieldByFieldAndNothingIsStored(string currency, double perLike, double tools, string field)
    {
        using var admin = _app.CreateClientAs(Roles.Admin);

        using var response = await admin.PutAsJsonAsync(new Uri("/api/analytics/roi/settings", UriKind.Relative), Values(currency, (decimal)perLike, (decimal)tools));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _), field);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.RoiSettings.CountAsync());
    }

    [Fact]
    public async Task OnlyAdminsChangeThem()
    {
        using var editor = _app.CreateClientAs(Roles.Editor);

        using var response = await editor.PutAsJsonAsync(new Uri("/api/analytics/roi/settings", UriKind.Relative), Values());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClientAs(Roles.Analyst).GetAsync(new Uri("/api/analytics/roi/settings", UriKind.Relative))).StatusCode);
    }

    public void Dispose() => _app.Dispose();
}
