using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Tests.Analytics;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components.Pages.Analytics;

namespace SocialOps.Tests.Components.Models;

/// <summary>The analytics page's model over the small analytics world (today is 1 July 2026 in UTC), no browser.</summary>
public sealed class AnalyticsModelTests(AnalyticsFixture world) : IClassFixture<AnalyticsFixture>
{
    private async Task<AnalyticsModel> OpenAsync(string? personZone = null)
    {
        var services = world.App.Services;
        var model = new AnalyticsModel(services.GetRequiredService<AnalyticsService>(), services.GetRequiredService<ConnectionService>(),
            services.GetRequiredService<RoiSettingsStore>(), services.GetRequiredService<TimeProvider>());
        await model.InitializeAsync(personZone);
        return model;
    }

    private static (DateOnly, DateOnly) Days(string from, string to) => (DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task ThePageOpensOnTheLastThirtyDaysWithEveryAccountsZone()
    {
        var model = await OpenAsync();

        Assert.Equal(Days("2026-06-02", "2026-07-01"), (model.Period!.From, model.Period.To));
        Assert.Equal(["UTC", "America/Los_Angeles", "Europe/Berlin"], model.Zones);
        Assert.Equal("vs previous 30 days", model.ChangeLabel);
        Assert.NotNull(model.Dashboard);
    }

    [Fact]
    public async Task ThePageOpensInThePersonsOwnZoneAndOffersIt()
    {
        var model = await OpenAsync("Asia/Tokyo");

        Assert.Equal("Asia/Tokyo", model.Zone);
        Assert.Equal(["UTC", "America/Los_Angeles", "Asia/Tokyo", "Europe/Berlin"], model.Zones);
        Assert.Equal("Asia/Tokyo", model.Period!.Zone.Id);
    }

    [Theory]
    [InlineData("7", "2026-06-25", "2026-07-01")]
    [InlineData("90", "2026-04-03", "2026-07-01")]
    [InlineData("month", "2026-07-01", "2026-07-01")]
    [InlineData("30", "2026-06-02", "2026-07-01")]
    public async Task EachPresetEndsToday(string preset, string from, string to)
    {
        var model = await OpenAsync();

        await model.SetPresetAsync(preset);

        Assert.Equal(Days(from, to), (model.Period!.From, model.Period.To));
        Assert.Null(model.Error);
    }

    [Fact]
    public async Task ACustomRangeStartsFromThePeriodShownAndLoadsOnceBothEndsArePicked()
    {
        var model = await OpenAsync();
        await model.SetPresetAsync("7");

        await model.SetPresetAsync(AnalyticsModel.Custom);
        Assert.Equal((new DateTime(2026, 6, 25), new DateTime(2026, 7, 1)), model.Range);

        await model.SetRangeAsync(new DateTime(2026, 6, 14), null);
        Assert.Equal(Days("2026-06-25", "2026-07-01"), (model.Period!.From, model.Period.To));

        await model.SetRangeAsync(new DateTime(2026, 6, 14), new DateTime(2026, 6, 15));
        Assert.Equal(Days("2026-06-14", "2026-06-15"), (model.Period!.From, model.Period.To));
        Assert.Equal(3, model.Dashboard!.Posts);
    }

    [Fact]
    public async Task ARangeThatEndsBeforeItStartsIsRefusedAndTheFiguresShownStay()
    {
        var model = await OpenAsync();
        await model.SetPresetAsync(AnalyticsModel.Custom);
        var shown = model.Dashboard;

        await model.SetRangeAsync(new DateTime(2026, 6, 15), new DateTime(2026, 6, 14));

        Assert.NotNull(model.Error);
        Assert.Same(shown, model.Dashboard);
    }

    [Fact]
    public async Task AnotherPlatformClearsTheAccountAndNarrowsTheAccountChoices()
    {
        var model = await OpenAsync();
        await model.SetAccountAsync(world.Berlin);

        await model.SetPlatformAsync(nameof(Platform.Bluesky));

        Assert.Equal(0, model.AccountId);
        Assert.Equal([world.LosAngeles], model.AccountChoices.Select(a => a.Id));
        Assert.Equal([Platform.Mastodon, Platform.Bluesky], model.Platforms);
        Assert.Contains("platform=Bluesky", model.ExportUrl("csv"), StringComparison.Ordinal);
        Assert.DoesNotContain("accountId", model.ExportUrl("csv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMetricsEventReloadsTheFiguresForTheSameChoices()
    {
        var model = await OpenAsync();
        await model.SetPresetAsync(AnalyticsModel.Custom);
        await model.SetRangeAsync(new DateTime(2026, 5, 1), new DateTime(2026, 5, 31));
        Assert.Equal(0, model.Dashboard!.Posts);

        await using (var db = await world.Contexts.CreateDbContextAsync())
        {
            var account = await db.PlatformAccounts.FindAsync(world.Berlin);
            db.Posts.Add(new Core.Content.Post { Platform = Platform.Mastodon, Account = account, Content = "May", CreatedAt = AnalyticsFixture.Now }
                .PublishedAt(AnalyticsFixture.Utc("2026-05-20T10:00:00Z"), externalUrl: "https://example.social/may"));
            await db.SaveChangesAsync();
        }

        await model.ApplyAsync([new MetricsChanged("metrics", AnalyticsFixture.Now)]);

        Assert.Equal(1, model.Dashboard!.Posts);
        Assert.Equal(Days("2026-05-01", "2026-05-31"), (model.Period!.From, model.Period.To));
    }
}
