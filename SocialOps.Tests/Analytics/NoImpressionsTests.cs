using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Analytics;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Components;
using SocialOps.Tests.Components.Models;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components.Pages.Analytics;

namespace SocialOps.Tests.Analytics;

/// <summary>A platform that reports neither impressions nor reach has no engagement rate: never a 0 % computed over an unknown audience.</summary>
public sealed class NoImpressionsTests : BunitTest, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Quiet = "Cold brew season starts today";
    private const string Period = "from=2026-06-20&to=2026-07-01&timeZone=UTC";
    private readonly SocialOpsAppFactory _app = new() { Time = new FakeTimeProvider(Now) };

    public async Task InitializeAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var threads = new PlatformAccount { Platform = Platform.Threads, DisplayName = "Threads", ExternalId = "threads", TimeZone = "Etc/UTC", CreatedAt = Now };
        var mastodon = new PlatformAccount { Platform = Platform.Mastodon, DisplayName = "Mastodon", ExternalId = "mastodon", TimeZone = "Etc/UTC", CreatedAt = Now };
        var quiet = new Post { Platform = Platform.Threads, Account = threads, Content = Quiet, CreatedAt = Now }.PublishedAt(Now.AddDays(-2), externalUrl: "https://example.social/quiet");
        var counted = new Post { Platform = Platform.Mastodon, Account = mastodon, Content = "Beans from Huila", CreatedAt = Now }.PublishedAt(Now.AddDays(-3), externalUrl: "https://example.social/counted");
        db.Posts.AddRange(quiet, counted);
        await db.SaveChangesAsync();
        db.PostMetricSnapshots.AddRange(
            new PostMetricSnapshot { PostId = quiet.Id, TakenAt = Now.AddDays(-1), Likes = 12, Comments = 3 },
            new PostMetricSnapshot { PostId = counted.Id, TakenAt = Now.AddDays(-1), Likes = 5, Impressions = 100 });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task TheApiAndTheExportGiveNoRateWhereThePlatformReportsNoImpressions()
    {
        var client = _app.CreateClientAs(Roles.Analyst);

        var dashboard = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/dashboard?{Period}", UriKind.Relative));
        var platforms = dashboard.GetProperty("platforms").EnumerateArray().ToDictionary(p => p.GetProperty("platform").GetString()!);
        Assert.Equal(JsonValueKind.Null, platforms["threads"].GetProperty("engagementRate").ValueKind);
        Assert.Equal(0.05, platforms["mastodon"].GetProperty("engagementRate").GetDouble(), 6);

        var top = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/top-posts?{Period}", UriKind.Relative));
        var quiet = top.GetProperty("byEngagements").EnumerateArray().Single(p => p.GetProperty("text").GetString() == Quiet);
        Assert.Equal(JsonValueKind.Null, quiet.GetProperty("engagementRate").ValueKind);

        var json = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/export?{Period}&format=json", UriKind.Relative));
        Assert.Equal(JsonValueKind.Null, json.EnumerateArray().Single(r => r.GetProperty("text").GetString() == Quiet).GetProperty("engagementRate").ValueKind);

        var csv = (await client.GetStringAsync(new Uri($"/api/analytics/export?{Period}&format=csv", UriKind.Relative))).Split("\r\n");
        var column = Array.IndexOf(csv[0].TrimStart('\uFEFF').Split(','), "engagement_rate");
        Assert.Equal("", csv.Single(line => line.EndsWith(Quiet, StringComparison.Ordinal)).Split(',')[column]);
    }

    [Fact]
    public async Task TheDashboardAndTopPostsShowADashWithTheReasonInsteadOfZeroPercent()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<DashboardQueries>());
        Services.AddSingleton(_app.Services.GetRequiredService<EventBus>());
        Services.AddSingleton(_app.Services.GetRequiredService<LiveUpdatesStatus>());
        Services.AddSingleton(await ModelHarness.ClockAsync(_app));

        var dashboard = Render<SocialOps.Web.Components.Pages.Dashboard.Dashboard>();
        dashboard.WaitForAssertion(() => Assert.NotEmpty(dashboard.FindAll("[data-testid=platform-table] tbody tr")));
        var rows = dashboard.FindAll("[data-testid=platform-table] tbody tr");
        var threads = rows.Single(r => r.TextContent.Contains("Threads", StringComparison.Ordinal)).QuerySelectorAll("td")[^1];
        Assert.Equal("—", threads.TextContent.Trim());
        Assert.Equal("this platform reports no impressions", threads.QuerySelector("[title]")?.GetAttribute("title"));
        var mastodon = rows.Single(r => r.TextContent.Contains("Mastodon", StringComparison.Ordinal)).QuerySelectorAll("td")[^1];
        Assert.Equal((0.05).ToString("P2", CultureInfo.CurrentCulture), mastodon.TextContent.Trim());

        var period = new AnalyticsPeriod(new DateOnly(2026, 6, 20), new DateOnly(2026, 7, 1), TimeZoneInfo.Utc);
        var top = await _app.Services.GetRequiredService<AnalyticsService>().TopPostsAsync(period);
        // The tab open first lists posts by rate, where a post without an audience has no place: show the other list there.
        var panel = Render<TopPostsPanel>(p => p.Add(x => x.Top, new TopPosts(top.ByEngagements, top.ByEngagements)));
        var cells = panel.FindAll("[data-testid=top-posts] tbody tr")
            .Where(r => r.TextContent.Contains(Quiet, StringComparison.Ordinal))
            .Select(r => r.QuerySelector("td[data-label=Rate]")!.TextContent.Trim())
            .ToList();
        Assert.Equal("—", Assert.Single(cells));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _app.DisposeAsync();
    }
}
