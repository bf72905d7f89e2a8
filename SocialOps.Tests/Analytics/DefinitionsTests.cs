using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Analytics;
using SocialOps.Core.Analytics.Wall;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Components;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components.Pages.Wall;

namespace SocialOps.Tests.Analytics;

/// <summary>
/// A world small enough to count by hand, in UTC: an X account (reports impressions), a Mastodon account (reports no
/// audience) and a removed Bluesky account. June 2026 is the period, May the one before; "now" is 1 July, 12:00.
/// <list type="bullet">
/// <item>A (X, 10 June 10:00): snapshots 10 June 12:00 E5 imp 500; 17 June 10:00 E10 imp 1000 (exactly 7 days); 25 June E12 imp 1200; 1 July 09:00 E14 imp 1300.</item>
/// <item>B (Mastodon, 12 June 09:00, no audience): 12 June 18:00 E25; 20 June 09:00 E40.</item>
/// <item>C (X, 20 May 08:00): 21 May 08:00 E10 imp 400; a late snapshot on 5 June 08:00 E16 imp 600 (+6 arrives in June).</item>
/// <item>E (X, 29 June 10:00, younger than 7 days): 30 June 10:00 E3 imp 100.</item>
/// </list>
/// Followers: X 1000 (1 June) → 1100 (30 June), Mastodon 500 → 520; the removed account 9,999, counted nowhere.
/// </summary>
public sealed class DefinitionsWorld : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Now);

    public SocialOpsAppFactory App { get; }

    public DefinitionsWorld() => App = new() { Time = Time };

    public static readonly AnalyticsPeriod June = new(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30), TimeZoneInfo.Utc);

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var x = new PlatformAccount { Platform = Platform.X, DisplayName = "X", ExternalId = "x", TimeZone = "Etc/UTC", CreatedAt = Now };
        var mastodon = new PlatformAccount { Platform = Platform.Mastodon, DisplayName = "M", ExternalId = "m", TimeZone = "Etc/UTC", CreatedAt = Now };
        var removed = new PlatformAccount { Platform = Platform.Bluesky, DisplayName = "Gone", ExternalId = "gone", TimeZone = "Etc/UTC", CreatedAt = Now, RemovedAt = At("2026-06-20T00:00:00Z") };
        db.PlatformAccounts.AddRange(x, mastodon, removed);
        var a = Post(x, "2026-06-10T10:00:00Z", "a");
        var b = Post(mastodon, "2026-06-12T09:00:00Z", "b");
        var c = Post(x, "2026-05-20T08:00:00Z", "c");
        var e = Post(x, "2026-06-29T10:00:00Z", "e");
        db.Posts.AddRange(a, b, c, e);
        await db.SaveChangesAsync();

        db.PostMetricSnapshots.AddRange(
            Snap(a, "2026-06-10T12:00:00Z", likes: 5, impressions: 500),
            Snap(a, "2026-06-17T10:00:00Z", likes: 8, comments: 2, impressions: 1000),
            Snap(a, "2026-06-25T10:00:00Z", likes: 9, comments: 2, clicks: 1, impressions: 1200),
            Snap(a, "2026-07-01T09:00:00Z", likes: 11, comments: 2, clicks: 1, impressions: 1300),
            Snap(b, "2026-06-12T18:00:00Z", likes: 20, shares: 5),
            Snap(b, "2026-06-20T09:00:00Z", likes: 30, shares: 10),
            Snap(c, "2026-05-21T08:00:00Z", likes: 10, impressions: 400),
            Snap(e, "2026-06-30T10:00:00Z", likes: 3, impressions: 100));
        await db.SaveChangesAsync();
        // The late one: C's snapshot of 5 June, stored after everything else.
        db.PostMetricSnapshots.Add(Snap(c, "2026-06-05T08:00:00Z", likes: 16, impressions: 600));
        db.FollowerSnapshots.AddRange(
            Followers(x, "2026-06-01", 1000), Followers(x, "2026-06-30", 1100),
            Followers(mastodon, "2026-06-01", 500), Followers(mastodon, "2026-06-30", 520),
            Followers(removed, "2026-06-01", 9000), Followers(removed, "2026-06-30", 9999));
        await db.SaveChangesAsync();
    }

    private static Post Post(PlatformAccount account, string at, string content) =>
        new Post { Platform = account.Platform, Account = account, Content = content, CreatedAt = At(at) }.PublishedAt(At(at), externalUrl: $"https://example.social/{content}");

    private static PostMetricSnapshot Snap(Post post, string at, long likes = 0, long comments = 0, long shares = 0, long clicks = 0, long impressions = 0) => new()
    {
        PostId = post.Id, TakenAt = At(at), Likes = likes, Comments = comments, Shares = shares, Clicks = clicks, Impressions = impressions,
    };

    private static FollowerSnapshot Followers(PlatformAccount account, string day, long count) => new()
    {
        Account = account, Day = DateOnly.Parse(day, CultureInfo.InvariantCulture), Followers = count, TakenAt = Now,
    };

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DefinitionsTests(DefinitionsWorld world) : IClassFixture<DefinitionsWorld>
{
    private AnalyticsService Analytics => world.App.Services.GetRequiredService<AnalyticsService>();

    [Fact]
    public async Task EachFigureOfJuneIsTheOneCountedByHand()
    {
        var d = await Analytics.DashboardAsync(DefinitionsWorld.June);

        // Posts published in June (A, B, E) at their newest counters: A 11+2+1 over 1300, B 30+10, E 3 over 100.
        Assert.Equal(3, d.Posts);
        Assert.Equal((44L, 2L, 10L, 1L), (d.Likes, d.Comments, d.Shares, d.Clicks));
        Assert.Equal(57, d.Engagements);
        Assert.Equal(1400, d.Impressions);
        // Over the posts that report an audience only: (14 + 3) ÷ (1300 + 100); the old sum would have been 57 ÷ 1400.
        Assert.Equal(Math.Round(17.0 / 1400, 6), d.EngagementRate);
        Assert.Equal(1, d.PostsWithoutAudience);
        Assert.Equal(40.0, d.EngagementsPerPostWithoutAudience);
        // What arrived in June on any post: A 5+5+2, B 25+15, C's late +6, E 3 (A's +2 of 1 July is July's).
        Assert.Equal(61, d.Engaged);
        // At 7 days: A 10 (its 17 June snapshot), B 25; E is not 7 days old yet.
        Assert.Equal(2, d.PostsAt7Days);
        Assert.Equal(17.5, d.EngagementsPerPostAt7Days);
        // May: C alone (engaged 10, 10 at 7 days).
        Assert.Equal(Math.Round((61 - 10) / 10.0, 4), d.Change["engaged"]);
        Assert.Equal(Math.Round((17.5 - 10) / 10, 4), d.Change["engagementsPerPostAt7Days"]);
        Assert.Equal(Math.Round((Math.Round(17.0 / 1400, 6) - Math.Round(16.0 / 600, 6)) / Math.Round(16.0 / 600, 6), 4), d.Change["engagementRate"]);
    }

    [Fact]
    public async Task ALateSnapshotCountsOnTheDayItArrivedNotOnItsPostsDay()
    {
        var d = await Analytics.DashboardAsync(DefinitionsWorld.June);
        var engaged = d.Daily.Where(p => p.Engaged != 0).ToDictionary(p => p.Day.Day, p => p.Engaged);

        Assert.Equal(new Dictionary<int, long> { [5] = 6, [10] = 5, [12] = 25, [17] = 5, [20] = 15, [25] = 2, [30] = 3 }, engaged);
        Assert.Equal(d.Engaged, d.Daily.Sum(p => p.Engaged));
        var may = await Analytics.DashboardAsync(DefinitionsWorld.June.Previous);
        Assert.Equal(10, may.Engaged);
        Assert.Equal(16, may.Engagements); // C's lifetime counters stay with the period it was published in
        var x = Assert.Single(d.Platforms, p => p.Platform == Platform.X);
        Assert.Equal(5 + 5 + 2 + 6 + 3, x.Engaged);
    }

    [Fact]
    public async Task ARemovedAccountCountsInNoFollowerTotal()
    {
        var d = await Analytics.DashboardAsync(DefinitionsWorld.June);

        Assert.Equal(1100 + 520, d.Followers);
        Assert.Equal(120, d.FollowerGrowth);
        Assert.Equal(0.08, d.FollowerGrowthRate);
        Assert.DoesNotContain(d.Platforms, p => p.Platform == Platform.Bluesky);
        Assert.Equal(1620, d.Daily[^1].Followers);
        var growth = await Analytics.GrowthAsync(DefinitionsWorld.June);
        Assert.Equal((1500L, 1620L), (growth.Start, growth.End));
    }

    [Fact]
    public async Task TheApiTheExportTopPostsAndBestTimesShowTheDashboardsFigures()
    {
        var client = world.App.CreateClientAs(Roles.Analyst);
        const string query = "from=2026-06-01&to=2026-06-30&timeZone=UTC";
        var core = await Analytics.DashboardAsync(DefinitionsWorld.June);

        var api = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/dashboard?{query}", UriKind.Relative));
        Assert.Equal(core.EngagementRate, api.GetProperty("engagementRate").GetDouble());
        Assert.Equal(core.Engaged, api.GetProperty("engaged").GetInt64());
        Assert.Equal(core.EngagementsPerPostAt7Days, api.GetProperty("engagementsPerPostAt7Days").GetDouble());
        Assert.Equal(core.EngagementsPerPostWithoutAudience, api.GetProperty("engagementsPerPostWithoutAudience").GetDouble());
        Assert.Equal(core.Followers, api.GetProperty("followers").GetInt64());
        var engagement = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/engagement?{query}", UriKind.Relative));
        Assert.Equal(core.EngagementRate, engagement.GetProperty("engagementRate").GetDouble());

        // The export: each post's rate is null without an audience; the rate recomputed from its rows is the dashboard's.
        var rows = (await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/analytics/export?{query}&format=json", UriKind.Relative))).EnumerateArray().ToList();
        long Engagements(JsonElement r) => new[] { "likes", "comments", "shares", "saves", "clicks" }.Sum(c => r.GetProperty(c).GetInt64());
        long Audience(JsonElement r) => r.GetProperty("reach").GetInt64() is > 0 and var reach ? reach : r.GetProperty("impressions").GetInt64();
        var rated = rows.Where(r => r.GetProperty("engagementRate").ValueKind != JsonValueKind.Null).ToList();
        Assert.Equal(core.Posts - core.PostsWithoutAudience, rated.Count);
        Assert.Equal(core.EngagementRate, Math.Round((double)rated.Sum(Engagements) / rated.Sum(Audience), 6));
        var at7 = rows.Select(r => r.GetProperty("engagementsAt7Days")).Where(v => v.ValueKind != JsonValueKind.Null).Select(v => v.GetInt64()).ToList();
        Assert.Equal(core.EngagementsPerPostAt7Days, at7.Average());
        var csv = (await client.GetStringAsync(new Uri($"/api/analytics/export?{query}&format=csv", UriKind.Relative))).Split("\r\n");
        var column = Array.IndexOf(csv[0].TrimStart('\uFEFF').Split(','), "engagements_at_7_days");
        Assert.Equal(["10", "25", ""], csv.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[column]));

        // Top posts rank by the same per-post rate and leave out the post without an audience.
        var top = await Analytics.TopPostsAsync(DefinitionsWorld.June);
        Assert.Equal(rated.Count, top.ByEngagementRate.Count);
        Assert.All(top.ByEngagementRate, p => Assert.Equal(
            rows.Single(r => r.GetProperty("postId").GetInt32() == p.PostId).GetProperty("engagementRate").GetDouble(), p.EngagementRate));

        // Best times: all three are text posts, so the one content-type group is the whole period.
        var best = await Analytics.BestTimesAsync(DefinitionsWorld.June);
        var text = Assert.Single(best.ByContentType);
        Assert.Equal((core.Posts, core.Engagements, core.EngagementRate), (text.Posts, text.Engagements, text.EngagementRate));
        Assert.Equal((core.PostsWithoutAudience, core.EngagementsPerPostWithoutAudience), (text.PostsWithoutAudience, text.EngagementsPerPostWithoutAudience));
        var mastodonCell = Assert.Single(best.Cells, c => c.Hour == 9);
        Assert.Null(mastodonCell.EngagementRate);
        Assert.Equal(40.0, mastodonCell.EngagementsPerPostWithoutAudience);
    }

    [Fact]
    public async Task TheWallAndTheHomeDashboardShowTheSameFiguresAsTheApi()
    {
        var client = world.App.CreateClientAs(Roles.Analyst);
        var wall = await world.App.Services.GetRequiredService<WallQueries>().LoadAsync(TimeZoneInfo.Utc);

        // Today (1 July) no post went out, but A gained 2: "engagements today" are what arrived today.
        Assert.Equal((0, 2L), (wall.Today.Posts, wall.Today.Engaged));
        // The last 14 days (18 June – 1 July): B +15, A +2, E +3, A +2.
        Assert.Equal(22, wall.Fortnight.Engaged);
        var api = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/analytics/dashboard?from=2026-06-18&to=2026-07-01&timeZone=UTC", UriKind.Relative));
        Assert.Equal(wall.Fortnight.Engaged, api.GetProperty("engaged").GetInt64());
        Assert.Equal(wall.Fortnight.EngagementRate, api.GetProperty("engagementRate").GetDouble());
        Assert.Equal(wall.Fortnight.Followers, api.GetProperty("followers").GetInt64());

        var home = await world.App.Services.GetRequiredService<DashboardQueries>().GetSummaryAsync();
        var thirty = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/analytics/dashboard?from=2026-06-02&to=2026-07-01&timeZone=UTC", UriKind.Relative));
        Assert.Equal(thirty.GetProperty("engagementRate").GetDouble(), home.EngagementRate);
        Assert.Equal(1620, home.Followers);
    }
}

/// <summary>The wall's "today" is the wall zone's day: just after midnight it is a new day with nothing engaged yet.</summary>
public sealed class WallMidnightTests : IAsyncLifetime
{
    private readonly DefinitionsWorld _world = new();

    public Task InitializeAsync() => _world.InitializeAsync();

    [Fact]
    public async Task TheWallsTodayRollsOverAtMidnightInItsZone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var queries = _world.App.Services.GetRequiredService<WallQueries>();
        // 23:59 in Berlin on 1 July (21:59 UTC): A's +2 of 09:00 UTC is today's.
        _world.Time.SetUtcNow(new DateTimeOffset(2026, 7, 1, 21, 59, 0, TimeSpan.Zero));
        var evening = await queries.LoadSharedAsync(zone, _world.Time.GetTimestamp());
        Assert.Equal((new DateOnly(2026, 7, 1), 2L), (evening.Today.From, evening.Today.Engaged));

        _world.Time.Advance(TimeSpan.FromMinutes(2));
        var night = await queries.LoadSharedAsync(zone, _world.Time.GetTimestamp());
        Assert.Equal((new DateOnly(2026, 7, 2), 0L), (night.Today.From, night.Today.Engaged));
    }

    public Task DisposeAsync() => _world.DisposeAsync();
}

/// <summary>An open wall screen reads its figures again when midnight passes in its zone, with nothing else happening.</summary>
public sealed class WallScreenMidnightTests : BunitTest, IAsyncLifetime
{
    private readonly DefinitionsWorld _world = new();

    public async Task InitializeAsync()
    {
        await _world.InitializeAsync();
        foreach (var type in new[] { typeof(WallQueries), typeof(KioskKeyService), typeof(IOptions<WallOptions>), typeof(EventBus), typeof(LiveUpdatesStatus) })
        {
            Services.AddSingleton(type, _world.App.Services.GetRequiredService(type));
        }

        Services.AddSingleton<TimeProvider>(_world.Time);
        Services.AddLogging();
    }

    [Fact]
    public void TheOpenWallStartsANewTodayAtMidnight()
    {
        // 23:59:30 UTC (the wall's zone) on 1 July: A gained 2 today.
        _world.Time.SetUtcNow(new DateTimeOffset(2026, 7, 1, 23, 59, 30, TimeSpan.Zero));
        var wall = Render<WallScreen>();
        wall.WaitForAssertion(() => Assert.Equal("2", wall.Find("[data-testid=wall-engagements]").TextContent.Trim()), TimeSpan.FromSeconds(30));

        _world.Time.Advance(TimeSpan.FromSeconds(31));
        wall.WaitForAssertion(() => Assert.Equal("0", wall.Find("[data-testid=wall-engagements]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Equal("00:00", wall.Find("[data-testid=wall-clock]").TextContent.Trim());
    }

    [Fact]
    public void WallsOpenOnOneInstanceShareOneReadPerChangeWhateverMomentEachOneRefreshes()
    {
        _world.Time.SetUtcNow(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        var walls = Enumerable.Range(0, 12).Select(_ => Render<WallScreen>()).ToList();
        foreach (var wall in walls)
        {
            wall.WaitForAssertion(() => Assert.Equal("2", wall.Find("[data-testid=wall-engagements]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        }

        var queries = _world.App.Services.GetRequiredService<WallQueries>();
        var before = queries.Loads;
        _world.Time.Advance(TimeSpan.FromMilliseconds(1500));
        // Time moves on while the walls take their turns, as it does on a real instance.
        _world.Time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        var changedMs = _world.Time.GetUtcNow().ToUnixTimeMilliseconds();
        _world.App.Services.GetRequiredService<EventBus>().Publish(new MetricsChanged("test", _world.Time.GetUtcNow()));

        // Every wall hears the change, each on its own turn, and all of them are served by the one read started after it.
        foreach (var wall in walls)
        {
            wall.WaitForAssertion(
                () => Assert.True(long.Parse(wall.Find("[data-testid=wall-updated]").GetAttribute("data-rendered-ms")!, CultureInfo.InvariantCulture) >= changedMs),
                TimeSpan.FromSeconds(30));
        }

        Assert.Equal(1, queries.Loads - before);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _world.DisposeAsync();
    }
}
