using SocialOps.Core.Analytics;
using SocialOps.Core.Publishing;

namespace SocialOps.Tests.Analytics;

public sealed class AnalyticsFormulaTests(AnalyticsFixture world) : AnalyticsFormulaChecks(world), IClassFixture<AnalyticsFixture>;

/// <summary>The same hand-counted figures on PostgreSQL (instants as timestamptz, dates as date).</summary>
public sealed class AnalyticsFormulaPostgresTests(PostgresAnalyticsFixture world) : AnalyticsFormulaChecks(world), IClassFixture<PostgresAnalyticsFixture>;

public abstract class AnalyticsFormulaChecks(AnalyticsFixture world)
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private static AnalyticsPeriod Day(string day, TimeZoneInfo zone, Platform? platform = null) =>
        new(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), zone, platform);

    [Fact]
    public async Task APostAt2330InLosAngelesCountsOnItsLocalDay()
    {
        var la = await world.Analytics.DashboardAsync(Day("2026-06-14", LosAngeles));
        var utc = await world.Analytics.DashboardAsync(Day("2026-06-14", TimeZoneInfo.Utc));

        // Los Angeles 14 June: posts 1 (23:30 local) and 2; post 1 at its newest snapshot.
        Assert.Equal(2, la.Posts);
        Assert.Equal(25, la.Likes);
        Assert.Equal(5, la.Comments);
        Assert.Equal(2, la.Shares);
        Assert.Equal(1, la.Saves);
        Assert.Equal(5, la.Clicks);
        Assert.Equal(1200, la.Impressions);
        Assert.Equal(800, la.Reach);
        Assert.Equal(38, la.Engagements);
        // (32 + 6) / (reach 800 + impressions 200 where reach is unknown)
        Assert.Equal(0.038, la.EngagementRate!.Value, 6);

        // UTC 14 June holds only post 2.
        Assert.Equal(1, utc.Posts);
        Assert.Equal(5, utc.Likes);
        Assert.Equal(0.03, utc.EngagementRate!.Value, 6);
    }

    [Fact]
    public async Task FollowersAndSentimentFollowTheirDefinitions()
    {
        var d = await world.Analytics.DashboardAsync(Day("2026-06-14", LosAngeles));

        // Newest counts on or before 14 June (1010 + 490), against those of 13 June (1000 + 500).
        Assert.Equal(1500, d.Followers);
        Assert.Equal(0, d.FollowerGrowth);
        Assert.Equal(0, d.FollowerGrowthRate);
        // Comments received 14 June 07:00 UTC to 15 June 07:00 UTC: +0.8 and -0.6.
        Assert.Equal(2, d.Sentiment.Total);
        Assert.Equal(1, d.Sentiment.Positive);
        Assert.Equal(1, d.Sentiment.Negative);
        Assert.Equal(0, d.Sentiment.Neutral);
        Assert.Equal(0.1, d.Sentiment.MeanScore, 6);
        Assert.Equal(0.5, d.Sentiment.NegativeShare, 6);

        var growth = await world.Analytics.GrowthAsync(new AnalyticsPeriod(new(2026, 6, 14), new(2026, 6, 15), TimeZoneInfo.Utc, Platform.Bluesky));
        Assert.Equal(1000, growth.Start);
        Assert.Equal(1030, growth.End);
        Assert.Equal(30, growth.Growth);
        Assert.Equal(0.03, growth.GrowthRate!.Value, 6);
        Assert.Equal([1010L, 1030L], growth.Daily.Select(p => p.Followers));
    }

    [Fact]
    public async Task TheSpringForwardDayHas23HoursAndKeepsItsOwnPosts()
    {
        var period = Day("2026-03-08", LosAngeles);
        var d = await world.Analytics.DashboardAsync(period);

        Assert.Equal(TimeSpan.FromHours(23), period.EndUtc - period.StartUtc);
        Assert.Equal(AnalyticsFixture.Utc("2026-03-08T08:00:00Z"), period.StartUtc);
        // 23:30 PST on the 7th is the day before; 23:30 PDT on the 8th is this day.
        Assert.Equal(1, d.Posts);
        Assert.Equal(2, d.Likes);
        var fallBack = Day("2026-11-01", LosAngeles);
        Assert.Equal(TimeSpan.FromHours(25), fallBack.EndUtc - fallBack.StartUtc);
    }

    [Fact]
    public async Task ChangeIsAgainstThePeriodOfTheSameLengthBefore()
    {
        var d = await world.Analytics.DashboardAsync(Day("2026-06-15", LosAngeles));

        // 15 June (LA) holds post 3 (10 engagements); 14 June holds posts 1 and 2 (38).
        Assert.Equal(1, d.Posts);
        Assert.Equal(10, d.Engagements);
        Assert.Equal(-0.5, d.Change["posts"]!.Value, 6);
        Assert.Equal((10 - 38) / 38.0, d.Change["engagements"]!.Value, 4);
        Assert.Null((await world.Analytics.DashboardAsync(Day("2026-06-01", LosAngeles))).Change["posts"]);
    }

    [Fact]
    public async Task RoiAddsConfiguredValuesAgainstProratedCosts()
    {
        // The values are the team's own (none is set by default), here the ones this test used to get as defaults.
        var options = new RoiOptions
        {
            ValuePerLike = 0.05m, ValuePerComment = 0.25m, ValuePerShare = 0.50m, ValuePerClick = 0.10m, ValuePerNewFollower = 1.00m,
            MonthlyToolCost = 30.4375m, MonthlyLabourCost = 0, UsdRate = 2m, Currency = "EUR",
        };
        var roi = await world.Analytics.RoiAsync(Day("2026-06-14", LosAngeles), options);

        // 25 likes × 0.05 + 5 comments × 0.25 + 2 shares × 0.50 + 5 clicks × 0.10 + 10 new followers (LA +10, Berlin −10 counts 0) × 1.00
        Assert.Equal(1.25m + 1.25m + 1.00m + 0.50m + 10m, roi.Value);
        // AI 1.25 USD × 2 + one day of a 30.4375-a-month tool
        Assert.Equal(2.50m + 1.00m, roi.Cost);
        Assert.Equal("EUR", roi.Currency);
        Assert.Equal((double)((14m - 3.5m) / 3.5m), roi.Ratio!.Value, 4);
        Assert.Contains("ROI = (value − cost) ÷ cost", roi.Formula, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopPostsAndBestTimesUseEachAccountsZone()
    {
        var period = new AnalyticsPeriod(new(2026, 6, 14), new(2026, 6, 15), TimeZoneInfo.Utc);
        var top = await world.Analytics.TopPostsAsync(period, 2);
        var best = await world.Analytics.BestTimesAsync(period);

        Assert.Equal(["Evening roast #coffee", "Morning https://example.org/beans"], top.ByEngagements.Select(p => p.Text));
        Assert.Equal(10 / 50.0, top.ByEngagementRate[0].EngagementRate!.Value, 6);
        // Post 1 is Sunday 23:00 in Los Angeles; post 2 Sunday 12:00 in Berlin; post 3 Monday 01:00 in Los Angeles.
        Assert.Contains(best.Cells, c => c is { Weekday: 6, Hour: 23, Posts: 1 });
        Assert.Contains(best.Cells, c => c is { Weekday: 6, Hour: 12, Posts: 1 });
        Assert.Contains(best.Cells, c => c is { Weekday: 0, Hour: 1, Posts: 1 });
        Assert.Contains(best.ByContentType, g => g is { Name: "link", Posts: 1 });
        Assert.Contains(best.ByHashtag, g => g is { Name: "#coffee", Posts: 2 });
    }

    [Theory]
    [InlineData("2026-06-02", "2026-06-01", null, null, "before from")]
    [InlineData("2023-01-01", "2026-06-01", null, null, "3 years")]
    [InlineData(null, null, "Mars/Olympus", null, "time zone")]
    [InlineData(null, null, null, "myspace", "platform")]
    [InlineData(null, null, null, "3", "platform")]
    public void BadPeriodsAreRefusedWithTheReason(string? from, string? to, string? zone, string? platform, string reason)
    {
        var (period, error) = AnalyticsPeriod.Create(from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), zone, platform, null, new DateOnly(2026, 7, 1));

        Assert.Null(period);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
