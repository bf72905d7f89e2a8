using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Ai;
using SocialOps.Core.Analytics;
using SocialOps.Core.Analytics.Wall;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Links;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Analytics;

/// <summary>
/// A world to count ROI by hand, in UTC; June 2026 is the period, "now" 1 July 12:00. The settings file sets every
/// value (like 0.05, comment 0.25, share 0.50, click 0.20, new follower 1.00), tools 304.375 and labour 608.75 a month
/// (so June's 30 days cost 300 and 600) and 2 units per US dollar.
/// <list type="bullet">
/// <item>A (X, 10 June, no tracked link): newest snapshot 25 June: 10 likes, 2 comments, 1 share, 4 platform clicks, 1000 impressions; a late snapshot of 20 June is stored after it.</item>
/// <item>B (Mastodon, 12 June, no audience): 30 likes, 5 comments, 10 shares, 7 platform clicks; a tracked link clicked 3 + 2 in June and 1 on 1 July: 6 tracked clicks replace the 7.</item>
/// <item>E (X, 29 June): 3 likes, 2 platform clicks; a tracked link nobody clicked: 0 clicks, not 2.</item>
/// <item>G (a Bluesky account removed on 20 June, 15 June): 4 likes.</item>
/// <item>C (X, 20 May) with a tracked link clicked 5 times in June; a link made for no post clicked 100 times: neither is June's value.</item>
/// </list>
/// Followers: X 1000 → 1100 (+100), Mastodon 500 → 490 (counts 0), the removed account 9000 → 9999 (counted nowhere).
/// AI usage recorded: 2.00 USD on 14 June, 0.50 on 20 June, 1.00 on 1 July.
/// </summary>
public class RoiWorld : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly AnalyticsPeriod June = new(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30), TimeZoneInfo.Utc);

    public SocialOpsAppFactory App { get; } = new()
    {
        Time = new FakeTimeProvider(Now),
        Settings =
        {
            ["Analytics:Roi:Currency"] = "EUR", ["Analytics:Roi:ValuePerLike"] = "0.05", ["Analytics:Roi:ValuePerComment"] = "0.25",
            ["Analytics:Roi:ValuePerShare"] = "0.50", ["Analytics:Roi:ValuePerClick"] = "0.20", ["Analytics:Roi:ValuePerNewFollower"] = "1.00",
            ["Analytics:Roi:MonthlyToolCost"] = "304.375", ["Analytics:Roi:MonthlyLabourCost"] = "608.75", ["Analytics:Roi:UsdRate"] = "2",
        },
    };

    public int MastodonAccount { get; private set; }

    public Dictionary<string, int> Posts { get; } = [];

    public AnalyticsService Analytics => App.Services.GetRequiredService<AnalyticsService>();

    protected virtual Task<string?> PostgresAsync() => Task.FromResult<string?>(null);

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        if (await PostgresAsync() is { } postgres)
        {
            App.UsePostgres(postgres);
        }

        await using var db = await App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var x = new PlatformAccount { Platform = Platform.X, DisplayName = "X", ExternalId = "x", TimeZone = "Etc/UTC", CreatedAt = Now };
        var mastodon = new PlatformAccount { Platform = Platform.Mastodon, DisplayName = "M", ExternalId = "m", TimeZone = "Etc/UTC", CreatedAt = Now };
        var removed = new PlatformAccount { Platform = Platform.Bluesky, DisplayName = "Gone", ExternalId = "gone", TimeZone = "Etc/UTC", CreatedAt = Now, RemovedAt = At("2026-06-20T00:00:00Z") };
        db.PlatformAccounts.AddRange(x, mastodon, removed);
        var a = Post(x, "2026-06-10T10:00:00Z", "a");
        var b = Post(mastodon, "2026-06-12T09:00:00Z", "b");
        var e = Post(x, "2026-06-29T10:00:00Z", "e");
        var g = Post(removed, "2026-06-15T10:00:00Z", "g");
        var c = Post(x, "2026-05-20T08:00:00Z", "c");
        db.Posts.AddRange(a, b, e, g, c);
        await db.SaveChangesAsync();
        MastodonAccount = mastodon.Id;
        foreach (var post in new[] { a, b, e, g, c })
        {
            Posts[post.Content] = post.Id;
        }

        db.PostMetricSnapshots.AddRange(
            Snap(a, "2026-06-25T10:00:00Z", likes: 10, comments: 2, shares: 1, clicks: 4, impressions: 1000),
            Snap(b, "2026-06-20T09:00:00Z", likes: 30, comments: 5, shares: 10, clicks: 7),
            Snap(e, "2026-06-30T10:00:00Z", likes: 3, clicks: 2, impressions: 100),
            Snap(g, "2026-06-16T10:00:00Z", likes: 4),
            Snap(c, "2026-06-05T08:00:00Z", likes: 16, impressions: 600));
        await db.SaveChangesAsync();
        // A's late snapshot: taken before its newest, stored after it; the newest counters stand.
        db.PostMetricSnapshots.Add(Snap(a, "2026-06-20T10:00:00Z", likes: 8, comments: 1, clicks: 9, impressions: 800));

        var linkB = Link("bbbbbbbb", b.Id);
        var linkE = Link("eeeeeeee", e.Id);
        var linkC = Link("cccccccc", c.Id);
        var loose = Link("llllllll", null);
        db.AddRange(linkB, linkE, linkC, loose);
        await db.SaveChangesAsync();
        db.AddRange(
            Clicks(linkB, "2026-06-12", 3), Clicks(linkB, "2026-06-13", 2), Clicks(linkB, "2026-07-01", 1),
            Clicks(linkC, "2026-06-03", 5), Clicks(loose, "2026-06-15", 100));

        db.FollowerSnapshots.AddRange(
            Followers(x, "2026-06-01", 1000), Followers(x, "2026-06-30", 1100),
            Followers(mastodon, "2026-06-01", 500), Followers(mastodon, "2026-06-30", 490),
            Followers(removed, "2026-06-01", 9000), Followers(removed, "2026-06-30", 9999));
        db.AiGenerationUsages.AddRange(Usage("2026-06-14T15:00:00Z", 2.00m), Usage("2026-06-20T08:00:00Z", 0.50m), Usage("2026-07-01T09:00:00Z", 1.00m));
        await db.SaveChangesAsync();
    }

    private static Post Post(PlatformAccount account, string at, string content) =>
        new Post { Platform = account.Platform, Account = account, Content = content, CreatedAt = At(at) }.PublishedAt(At(at), externalUrl: $"https://example.social/{content}");

    private static PostMetricSnapshot Snap(Post post, string at, long likes = 0, long comments = 0, long shares = 0, long clicks = 0, long impressions = 0) => new()
    {
        PostId = post.Id, TakenAt = At(at), Likes = likes, Comments = comments, Shares = shares, Clicks = clicks, Impressions = impressions,
    };

    private static TrackedLink Link(string code, int? postId) => new()
    {
        Code = code, Url = $"https://shop.example.com/{code}?utm_medium=social", OriginalUrl = $"https://shop.example.com/{code}", PostId = postId, CreatedAt = Now,
    };

    private static LinkClickDay Clicks(TrackedLink link, string day, long clicks) =>
        new() { LinkId = link.Id, Day = DateOnly.Parse(day, CultureInfo.InvariantCulture), Clicks = clicks };

    private static FollowerSnapshot Followers(PlatformAccount account, string day, long count) => new()
    {
        Account = account, Day = DateOnly.Parse(day, CultureInfo.InvariantCulture), Followers = count, TakenAt = Now,
    };

    private static AiGenerationUsage Usage(string at, decimal usd) => new() { At = At(at), Provider = "p", Model = "m", Purpose = "draft", CostUsd = usd };

    public virtual Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The same world on a fresh database of the real PostgreSQL server.</summary>
public sealed class PostgresRoiWorld : RoiWorld
{
    private readonly PostgresDatabase _database = new();

    protected override async Task<string?> PostgresAsync()
    {
        await _database.InitializeAsync();
        return _database.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}

public sealed class RoiTests(RoiWorld world) : RoiChecks(world), IClassFixture<RoiWorld>
{
    [Fact]
    public async Task TheApiAnswersTheFiguresCountedByHandWithAndWithoutAFilter()
    {
        var client = World.App.CreateClientAs(Roles.Analyst);
        const string june = "from=2026-06-01&to=2026-06-30&timeZone=UTC";

        var all = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/roi?{june}", UriKind.Relative));
        Assert.Equal((111.60m, 905.00m, 111.60m - 905.00m), (all.GetProperty("value").GetDecimal(), all.GetProperty("cost").GetDecimal(), all.GetProperty("net").GetDecimal()));
        Assert.Equal(Math.Round((double)((111.60m - 905m) / 905m), 4), all.GetProperty("ratio").GetDouble());
        Assert.Equal(0, all.GetProperty("missing").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.Null, all.GetProperty("costShareNote").ValueKind);
        Assert.Equal("EUR", all.GetProperty("currency").GetString());

        var x = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/roi?{june}&platform=x", UriKind.Relative));
        Assert.Equal((102.45m, 452.50m, 0.5m), (x.GetProperty("value").GetDecimal(), x.GetProperty("cost").GetDecimal(), x.GetProperty("costShare").GetDecimal()));
        Assert.Contains("2 of 4", x.GetProperty("costShareNote").GetString(), StringComparison.Ordinal);

        var mastodon = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/roi?{june}&accountId={World.MastodonAccount}", UriKind.Relative));
        Assert.Equal((8.95m, 226.25m), (mastodon.GetProperty("value").GetDecimal(), mastodon.GetProperty("cost").GetDecimal()));
    }

    [Fact]
    public async Task TheExportsTrackedClicksAreTheClicksRoiValues()
    {
        var client = World.App.CreateClientAs(Roles.Analyst);
        var csv = (await client.GetStringAsync(new Uri("/api/analytics/export?from=2026-06-01&to=2026-06-30&timeZone=UTC&format=csv", UriKind.Relative)))
            .Split("\r\n").Where(l => l.Length > 0).Select(l => l.TrimStart('\uFEFF').Split(',')).ToList();
        int Column(string name) => Array.IndexOf(csv[0], name);
        var rows = csv.Skip(1).ToDictionary(r => r[Column("text")], r => (Tracked: r[Column("tracked_clicks")], Clicks: long.Parse(r[Column("clicks")], CultureInfo.InvariantCulture)));

        // Empty where the post has no tracked link; 0 where it has one nobody clicked.
        Assert.Equal(new Dictionary<string, string> { ["a"] = "", ["b"] = "6", ["g"] = "", ["e"] = "0" }, rows.ToDictionary(r => r.Key, r => r.Value.Tracked));
        var roi = await World.Analytics.RoiAsync(RoiWorld.June, Values());
        Assert.Equal(roi.TrackedClicks, rows.Values.Where(r => r.Tracked != "").Sum(r => long.Parse(r.Tracked, CultureInfo.InvariantCulture)));
        Assert.Equal(roi.PlatformClicks, rows.Values.Where(r => r.Tracked == "").Sum(r => r.Clicks));

        var json = (await client.GetFromJsonAsync<JsonElement>(new Uri("/api/analytics/export?from=2026-06-01&to=2026-06-30&timeZone=UTC&format=json", UriKind.Relative))).EnumerateArray();
        Assert.Equal(6, json.Single(r => r.GetProperty("postId").GetInt32() == World.Posts["b"]).GetProperty("trackedClicks").GetInt64());
    }

    [Fact]
    public async Task TheWallShowsTodaysTrackedClicks()
    {
        var wall = await World.App.Services.GetRequiredService<WallQueries>().LoadAsync(TimeZoneInfo.Utc);

        // B's link was clicked once on 1 July (UTC); nothing else today.
        Assert.Equal((1L, new DateOnly(2026, 7, 1)), (wall.ClicksToday, wall.ClicksDay));
    }

    [Fact]
    public async Task RoiCountsTheAiUsageAsRecorded()
    {
        var usage = World.App.Services.GetRequiredService<AiUsageService>();
        var recorded = await usage.TotalsAsync(RoiWorld.June.StartUtc, RoiWorld.June.EndUtc);

        var roi = await World.Analytics.RoiAsync(RoiWorld.June, Values());

        var ai = Assert.Single(roi.CostLines, l => l.Item.StartsWith("AI", StringComparison.Ordinal));
        Assert.Equal(2.50m, recorded.CostUsd);
        Assert.Equal((recorded.CostUsd, 2m, recorded.CostUsd * 2m), (ai.Quantity, ai.UnitValue!.Value, ai.Amount!.Value));
    }
}

public sealed class RoiPostgresTests(PostgresRoiWorld world) : RoiChecks(world), IClassFixture<PostgresRoiWorld>;

/// <summary>The service's ROI, each figure of <see cref="RoiWorld"/> counted by hand.</summary>
public abstract class RoiChecks(RoiWorld world)
{
    protected RoiWorld World { get; } = world;

    /// <summary>The settings file's values of the world, as the service is handed them.</summary>
    protected static RoiOptions Values() => new()
    {
        Currency = "EUR", ValuePerLike = 0.05m, ValuePerComment = 0.25m, ValuePerShare = 0.50m, ValuePerClick = 0.20m, ValuePerNewFollower = 1.00m,
        MonthlyToolCost = 304.375m, MonthlyLabourCost = 608.75m, UsdRate = 2m,
    };

    private static decimal? Amount(Roi roi, string item) => roi.ValueLines.Concat(roi.CostLines).Single(l => l.Item.StartsWith(item, StringComparison.Ordinal)).Amount;

    [Fact]
    public async Task EachRoiFigureOfJuneIsTheOneCountedByHand()
    {
        var roi = await World.Analytics.RoiAsync(RoiWorld.June, Values());

        // A, B, E and G (the removed account's post still counts); A at its newest snapshot, not the late one.
        Assert.Equal(47 * 0.05m, Amount(roi, "likes"));
        Assert.Equal(7 * 0.25m, Amount(roi, "comments"));
        Assert.Equal(11 * 0.50m, Amount(roi, "shares"));
        // Tracked clicks where a post has tracked links (B 6, E 0), the platform's elsewhere (A 4); never both.
        Assert.Equal((6L, 4L), (roi.TrackedClicks, roi.PlatformClicks));
        Assert.Equal(6 * 0.20m, Amount(roi, "clicks on tracked links"));
        Assert.Equal(4 * 0.20m, Amount(roi, "clicks reported by platforms"));
        // X +100; Mastodon −10 counts 0; the removed account's +999 counts nowhere.
        Assert.Equal(100m, Amount(roi, "new followers"));
        Assert.Equal(2.35m + 1.75m + 5.50m + 1.20m + 0.80m + 100m, roi.Value);
        // AI 2.50 USD × 2; 30 days of 304.375 and 608.75 a month (30.4375 days).
        Assert.Equal((5.00m, 300.00m, 600.00m), (Amount(roi, "AI usage"), Amount(roi, "tools"), Amount(roi, "labour")));
        Assert.Equal(905.00m, roi.Cost);
        Assert.Equal(111.60m - 905.00m, roi.Net);
        Assert.Equal(Math.Round((double)((111.60m - 905m) / 905m), 4), roi.Ratio);
        Assert.Equal((1m, (string?)null, (string?)null), (roi.CostShare, roi.CostShareNote, roi.Message));
        Assert.Empty(roi.Missing);
    }

    [Fact]
    public async Task AFilteredRoiNarrowsTheCostsToTheFilteredPostsShareAndSaysSo()
    {
        var x = await World.Analytics.RoiAsync(RoiWorld.June with { Platform = Platform.X }, Values());

        // A and E: 2 of the 4 posts published in June.
        Assert.Equal(0.5m, x.CostShare);
        Assert.Contains("2 of 4", x.CostShareNote, StringComparison.Ordinal);
        Assert.Equal(13 * 0.05m + 2 * 0.25m + 1 * 0.50m + 4 * 0.20m + 100m, x.Value);
        Assert.Equal((2.50m, 150.00m, 300.00m), (Amount(x, "AI usage"), Amount(x, "tools"), Amount(x, "labour")));
        Assert.Equal(452.50m, x.Cost);
        Assert.Equal(Math.Round((double)((102.45m - 452.50m) / 452.50m), 4), x.Ratio);
        Assert.All(x.CostLines, l => Assert.Equal(0.5m, l.Share));

        var mastodon = await World.Analytics.RoiAsync(RoiWorld.June with { AccountId = World.MastodonAccount }, Values());

        // B alone, 1 of 4: its 6 tracked clicks, no new followers (500 → 490).
        Assert.Equal(0.25m, mastodon.CostShare);
        Assert.Equal(1.50m + 1.25m + 5.00m + 1.20m, mastodon.Value);
        Assert.Equal(1.25m + 75.00m + 150.00m, mastodon.Cost);
    }

    [Fact]
    public async Task WithNothingSetThereIsNoValueCostOrRatioAndTheMessageNamesWhatIsMissing()
    {
        var roi = await World.Analytics.RoiAsync(RoiWorld.June, new RoiOptions());

        Assert.Equal(((decimal?)null, (decimal?)null, (decimal?)null, (double?)null), (roi.Value, roi.Cost, roi.Net, roi.Ratio));
        Assert.Equal(
            ["value per like", "value per comment", "value per share", "value per click", "value per new follower", "tool cost per month", "labour cost per month"],
            roi.Missing);
        Assert.Contains("Settings → ROI", roi.Message, StringComparison.Ordinal);
        Assert.Equal("/settings?tab=roi", roi.SettingsUrl);
        // The quantities are still there to see; no line has an amount without its setting, except AI usage (counted at the rate).
        Assert.Equal(47m, roi.ValueLines.Single(l => l.Item == "likes").Quantity);
        Assert.All(roi.ValueLines, l => Assert.Null(l.Amount));
        Assert.Contains("(not set)", roi.Formula, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValuesWithoutCostsShowTheValueButNoRatio()
    {
        var roi = await World.Analytics.RoiAsync(RoiWorld.June, Values().With(o => o.MonthlyLabourCost = null));

        Assert.Equal(111.60m, roi.Value);
        Assert.Equal(((decimal?)null, (double?)null), (roi.Cost, roi.Ratio));
        Assert.Equal(["labour cost per month"], roi.Missing);
        Assert.Contains("labour cost per month", roi.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CostsOfZeroGiveNoRatio()
    {
        var july = new AnalyticsPeriod(new DateOnly(2026, 7, 2), new DateOnly(2026, 7, 2), TimeZoneInfo.Utc);

        var roi = await World.Analytics.RoiAsync(july, Values().With(o => (o.MonthlyToolCost, o.MonthlyLabourCost) = (0m, 0m)));

        Assert.Equal((0m, 0m), (roi.Value, roi.Cost));
        Assert.Null(roi.Ratio);
        Assert.Contains("no ratio without a cost", roi.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFilterOnAPeriodWithoutPostsHasNoShareAndNoRoi()
    {
        var july = new AnalyticsPeriod(new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 1), TimeZoneInfo.Utc, Platform.X);

        var roi = await World.Analytics.RoiAsync(july, Values());

        Assert.Equal(((decimal?)null, (decimal?)null, (double?)null), (roi.CostShare, roi.Cost, roi.Ratio));
        Assert.Contains("share of the costs is unknown", roi.Message, StringComparison.Ordinal);
    }
}

internal static class RoiOptionsTestExtensions
{
    public static RoiOptions With(this RoiOptions options, Action<RoiOptions> change)
    {
        change(options);
        return options;
    }
}
