using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Analytics;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Apis;

/// <summary>POST /api/sandbox/metrics: a Sandbox post's counters recorded as a connector records them; bad input and roles.</summary>
public sealed class SandboxMetricsApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri Metrics = new("/api/sandbox/metrics", UriKind.Relative);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly SocialOpsAppFactory _app;
    private int _published, _scheduled, _real;

    public SandboxMetricsApiTests() => _app = new() { Time = _time };

    public async Task InitializeAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var sandbox = new PlatformAccount { Platform = Platform.Sandbox, DisplayName = "Trial", ExternalId = "trial", TimeZone = "Etc/UTC", CreatedAt = Now };
        var x = new PlatformAccount { Platform = Platform.X, DisplayName = "X", ExternalId = "x", TimeZone = "Etc/UTC", CreatedAt = Now };
        var published = new Post { Platform = Platform.Sandbox, Account = sandbox, Content = "Out there", CreatedAt = Now }.PublishedAt(Now.AddHours(-3));
        var scheduled = new Post { Platform = Platform.Sandbox, Account = sandbox, Content = "Not yet", CreatedAt = Now }.ScheduledAt(Now.AddHours(3));
        var real = new Post { Platform = Platform.X, Account = x, Content = "On X", CreatedAt = Now }.PublishedAt(Now.AddHours(-3));
        db.Posts.AddRange(published, scheduled, real);
        await db.SaveChangesAsync();
        (_published, _scheduled, _real) = (published.Id, scheduled.Id, real.Id);
    }

    [Fact]
    public async Task CountersAreRecordedAsASnapshotAndEveryFigureFollowsThem()
    {
        var editor = _app.CreateClientAs(Roles.Editor);
        var analytics = _app.Services.GetRequiredService<AnalyticsService>();
        // The Sandbox's figures: the X post published today has no counters yet, so it would count as a post without an audience.
        var today = new AnalyticsPeriod(new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 1), TimeZoneInfo.Utc, Platform.Sandbox);

        // Impressions and reach left out: the platform does not report them, so there is no rate.
        using var first = await editor.PostAsJsonAsync(Metrics, new { postId = _published, likes = 10, comments = 2, shares = 1 });
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal((13L, JsonValueKind.Null), (body.GetProperty("engagements").GetInt64(), body.GetProperty("engagementRate").ValueKind));
        Assert.Equal(Now, body.GetProperty("takenAtUtc").GetDateTimeOffset());
        var d = await analytics.DashboardAsync(today);
        Assert.Equal((13L, 13L, (double?)null, 1, (double?)13.0), (d.Engagements, d.Engaged, d.EngagementRate, d.PostsWithoutAudience, d.EngagementsPerPostWithoutAudience));

        // An hour later the platform reports more, with an audience: the new counters are the post's, the growth is engaged.
        _time.Advance(TimeSpan.FromHours(1));
        using var second = await editor.PostAsJsonAsync(Metrics, new { postId = _published, likes = 15, comments = 2, shares = 1, clicks = 2, impressions = 400, reach = 200 });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        d = await analytics.DashboardAsync(today);
        Assert.Equal((20L, 20L, (double?)0.1, 0), (d.Engagements, d.Engaged, d.EngagementRate, d.PostsWithoutAudience));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.PostMetricSnapshots.CountAsync(s => s.PostId == _published));
        var total = await db.PostMetricTotals.SingleAsync(t => t.PostId == _published);
        Assert.Equal((15L, 400L, 200L, Now.AddHours(1)), (total.Likes, total.Impressions, total.Reach, total.TakenAt));
    }

    [Fact]
    public async Task BadInputGetsProblemDetailsAndRecordsNothing()
    {
        var editor = _app.CreateClientAs(Roles.Editor);

        using var unknown = await editor.PostAsJsonAsync(Metrics, new { postId = 999_999, likes = 1 });
        using var real = await editor.PostAsJsonAsync(Metrics, new { postId = _real, likes = 1 });
        using var scheduled = await editor.PostAsJsonAsync(Metrics, new { postId = _scheduled, likes = 1 });
        using var negative = await editor.PostAsJsonAsync(Metrics, new { postId = _published, likes = -1, reach = -5 });
        using var missing = await editor.PostAsJsonAsync(Metrics, new { likes = 1 });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var response in new[] { unknown, real, scheduled, negative, missing })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal([HttpStatusCode.BadRequest], new[] { real, scheduled, negative, missing }.Select(r => r.StatusCode).Distinct());
        Assert.Contains("Sandbox", await ErrorAsync(real, "postId"), StringComparison.Ordinal);
        Assert.Contains("not published", await ErrorAsync(scheduled, "postId"), StringComparison.Ordinal);
        var negatives = (await negative.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("negative", negatives.GetProperty("likes")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("negative", negatives.GetProperty("reach")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("required", await ErrorAsync(missing, "postId"), StringComparison.Ordinal);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.PostMetricSnapshots.CountAsync());
    }

    [Fact]
    public async Task OnlyEditorsMayRecordMetrics()
    {
        // The read-only role (Analyst) sees the Sandbox but may not make a platform report anything.
        using var viewer = await _app.CreateClientAs(Roles.Analyst).PostAsJsonAsync(Metrics, new { postId = _published, likes = 1 });
        using var anonymous = await _app.CreateAnonymousClient().PostAsJsonAsync(Metrics, new { postId = _published, likes = 1 });

        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.NotEqual(HttpStatusCode.Created, anonymous.StatusCode);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.PostMetricSnapshots.CountAsync());
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, string field) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString()!;

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }
}
