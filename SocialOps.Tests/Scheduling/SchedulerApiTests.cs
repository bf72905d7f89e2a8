using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

public sealed class SchedulerApiTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    private HttpClient Editor => _app.CreateClientAs(Roles.Editor);

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task APostScheduledThroughTheApiIsPublishedOnceToTheSandbox()
    {
        using var response = await Editor.PostAsJsonAsync(U("/api/scheduler/schedule"), new
        {
            platform = "sandbox", accountId = (int?)null, content = "Hello from SocialOps", scheduledTime = SchedulerTestExtensions.InSeconds(1.5),
            timeZone = "Europe/Berlin", hashtags = new[] { "#launch" }, recurrencePattern = (string?)null,
        });
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Scheduled", created.RootElement.GetProperty("status").GetString());
        var post = await _app.WaitUntilSettledAsync(id);
        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal(1, await _app.SandboxCountAsync(id));
        Assert.True(post.PublishedAt >= post.ScheduledFor);

        using var sandbox = JsonDocument.Parse(await Editor.GetStringAsync(U("/api/sandbox/posts")));
        Assert.Equal(1, sandbox.RootElement.GetProperty("total").GetInt32());
        using var list = JsonDocument.Parse(await Editor.GetStringAsync(U("/api/scheduler/scheduled-posts?status=Published")));
        var item = list.RootElement.GetProperty("items")[0];
        Assert.Equal("sandbox", item.GetProperty("platform").GetString());
        Assert.Equal("Europe/Berlin", item.GetProperty("timeZone").GetString());
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
    }

    public static TheoryData<string, object> BadRequests => new()
    {
        { "timeZone", new { platform = "sandbox", content = "x", scheduledTime = "2030-01-01T10:00:00", timeZone = "Mars/Olympus" } },
        { "recurrencePattern", new { platform = "sandbox", content = "x", timeZone = "Europe/Berlin", recurrencePattern = "every day at 2" } },
        { "scheduledTime", new { platform = "sandbox", content = "x", scheduledTime = "2020-01-01T10:00:00Z" } },
        { "scheduledTime", new { platform = "sandbox", content = "x", scheduledTime = "next tuesday" } },
        // Day and month could be either way round: never read as 1 May.
        { "scheduledTime", new { platform = "sandbox", content = "x", scheduledTime = "05.01.2030 09:00", timeZone = "Europe/Berlin" } },
        { "scheduledTime", new { platform = "sandbox", content = "x", scheduledTime = "01/05/2030 09:00", timeZone = "Europe/Berlin" } },
        { "content", new { platform = "sandbox", content = "   ", scheduledTime = "2030-01-01T10:00:00Z" } },
        { "content", new { platform = "sandbox", content = new string('a', 5001), scheduledTime = "2030-01-01T10:00:00Z" } },
        { "platform", new { platform = "myspace", content = "x", scheduledTime = "2030-01-01T10:00:00Z" } },
        { "accountId", new { platform = "sandbox", accountId = 999, content = "x", scheduledTime = "2030-01-01T10:00:00Z" } },
        { "hashtags", new { platform = "sandbox", content = "x", scheduledTime = "2030-01-01T10:00:00Z", hashtags = new[] { "no hash" } } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInputIsA400NamingTheFieldAndSchedulesNothing(string field, object body)
    {
        using var response = await Editor.PostAsJsonAsync(U("/api/scheduler/schedule"), body);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), problem.RootElement.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(0, await CountPostsAsync());
    }

    [Fact]
    public async Task MalformedJsonIsA400()
    {
        using var content = new StringContent("{\"platform\": \"sandbox\", \"content\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await Editor.PostAsync(U("/api/scheduler/schedule"), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await CountPostsAsync());
    }

    [Fact]
    public async Task BulkScheduleIsAllOrNothingWithAPerRowReport()
    {
        var good = new { platform = "sandbox", content = "ok", scheduledTime = "2030-01-01T10:00:00", timeZone = "Europe/London" };
        var bad = new { platform = "sandbox", content = "", scheduledTime = "2030-01-01T10:00:00", timeZone = "Europe/London" };

        using var rejected = await Editor.PostAsJsonAsync(U("/api/scheduler/bulk-schedule"), new { items = new object[] { good, bad, good } });
        using var problem = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("items[1].content", out _));
        Assert.Equal(0, await CountPostsAsync());

        using var accepted = await Editor.PostAsJsonAsync(U("/api/scheduler/bulk-schedule"), new { items = Enumerable.Repeat(good, 40) });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(40, await CountPostsAsync());

        using var tooMany = await Editor.PostAsJsonAsync(U("/api/scheduler/bulk-schedule"), new { items = Enumerable.Repeat(good, 501) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(40, await CountPostsAsync());
    }

    [Fact]
    public async Task RescheduleAndCancelMoveThePostAndAreAudited()
    {
        var id = await Editor.ScheduleAsync(new { platform = "sandbox", content = "move me", scheduledTime = "2030-01-01T10:00:00", timeZone = "America/New_York" });

        using var moved = await Editor.PutAsJsonAsync(U($"/api/scheduler/reschedule/{id}"), new { scheduledTime = "2030-02-01T09:30:00", timeZone = "America/New_York" });
        using var past = await Editor.PutAsJsonAsync(U($"/api/scheduler/reschedule/{id}"), new { scheduledTime = "2001-02-01T09:30:00Z" });
        using var missing = await Editor.PutAsJsonAsync(U("/api/scheduler/reschedule/99999"), new { scheduledTime = "2030-02-01T09:30:00Z" });
        using var cancelled = await Editor.DeleteAsync(U($"/api/scheduler/cancel/{id}"));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        var post = await _app.WaitForPostAsync(id, _ => true);
        Assert.Equal((PostStatus.Cancelled, new DateTimeOffset(2030, 2, 1, 14, 30, 0, TimeSpan.Zero)), (post.Status, post.ScheduledFor!.Value));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var actions = await db.AuditEntries.Select(a => a.Action).ToListAsync();
        Assert.Contains("post.schedule", actions);
        Assert.Contains("post.reschedule", actions);
        Assert.Contains("post.cancel", actions);
    }

    [Fact]
    public async Task RecurringSeriesKeepsOneOccurrenceAheadSkipsOneAndCancelsWhole()
    {
        var first = await Editor.ScheduleAsync(new { platform = "sandbox", content = "weekly tip", timeZone = "Europe/Berlin", recurrencePattern = "0 14 * * 1", maxOccurrences = 10 });

        using var skipped = await Editor.DeleteAsync(U($"/api/scheduler/cancel/{first}"));
        var posts = await PostsAsync();
        var second = posts.Single(p => p.Status == PostStatus.Scheduled);
        Assert.Equal(HttpStatusCode.NoContent, skipped.StatusCode);
        Assert.Equal(TimeSpan.FromDays(7), second.ScheduledFor - posts.Single(p => p.Id == first).ScheduledFor);
        Assert.Equal(DayOfWeek.Monday, TimeZoneInfo.ConvertTime(second.ScheduledFor!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).DayOfWeek);
        Assert.Equal("weekly tip", second.Content);

        using var series = await Editor.DeleteAsync(U($"/api/scheduler/cancel/{second.Id}?series=true"));
        Assert.Equal(HttpStatusCode.NoContent, series.StatusCode);
        Assert.DoesNotContain(await PostsAsync(), p => p.Status == PostStatus.Scheduled);
    }

    [Fact]
    public async Task EditingOneOccurrencesTextLeavesTheSeriesAndItsTimeAlone()
    {
        var first = await Editor.ScheduleAsync(new { platform = "sandbox", content = "weekly tip", hashtags = new[] { "#tips" }, timeZone = "Europe/Berlin", recurrencePattern = "0 14 * * 1", maxOccurrences = 10 });
        var due = (await PostsAsync()).Single(p => p.Id == first).ScheduledFor;

        using var edited = await Editor.PutAsJsonAsync(U($"/api/scheduler/reschedule/{first}"), new { content = "weekly tip: this one is about hashtags", hashtags = new[] { "#tips", "#special" } });
        using var tooLong = await Editor.PutAsJsonAsync(U($"/api/scheduler/reschedule/{first}"), new { content = new string('a', 5001) });
        using var badTag = await Editor.PutAsJsonAsync(U($"/api/scheduler/reschedule/{first}"), new { hashtags = new[] { "no hash" } });
        using var problem = JsonDocument.Parse(await tooLong.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTag.StatusCode);
        Assert.Contains("limit", problem.RootElement.GetProperty("errors").GetProperty("content")[0].GetString(), StringComparison.Ordinal);
        var post = (await PostsAsync()).Single(p => p.Id == first);
        Assert.Equal(("weekly tip: this one is about hashtags", PostStatus.Scheduled, due), (post.Content, post.Status, post.ScheduledFor));
        Assert.Equal(["#tips", "#special"], post.Hashtags);

        // The next occurrence still carries the series' own text.
        using var skipped = await Editor.DeleteAsync(U($"/api/scheduler/cancel/{first}"));
        var next = (await PostsAsync()).Single(p => p.Status == PostStatus.Scheduled);
        Assert.Equal("weekly tip", next.Content);
        Assert.Equal(["#tips"], next.Hashtags);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Contains("post.edit", await db.AuditEntries.Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task CronPreviewListsOccurrencesAndRefusesBadPatterns()
    {
        using var preview = JsonDocument.Parse(await Editor.GetStringAsync(U("/api/scheduler/preview-cron?pattern=30%202%20*%20*%20*&timeZone=Europe/Berlin&from=2026-03-28T00:00:00Z&count=3")));
        using var bad = await Editor.GetAsync(U("/api/scheduler/preview-cron?pattern=bad&timeZone=Europe/Berlin"));

        Assert.Equal(["2026-03-28T01:30:00+00:00", "2026-03-29T01:00:00+00:00", "2026-03-30T00:30:00+00:00"],
            preview.RootElement.GetProperty("occurrences").EnumerateArray().Select(o => o.GetDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task OptimalTimesFallBackToTheDefaultTableWithoutHistory()
    {
        using var times = JsonDocument.Parse(await Editor.GetStringAsync(U("/api/scheduler/optimal-times?platform=linkedin")));
        var linkedin = times.RootElement[0];

        Assert.Equal("default", linkedin.GetProperty("source").GetString());
        Assert.Equal([7, 12, 17], linkedin.GetProperty("utcHours").EnumerateArray().Select(h => h.GetInt32()));
    }

    [Fact]
    public async Task OptimalTimesComeFromHistoryOnceThereIsEnough()
    {
        await _app.Services.GetRequiredService<Core.Demo.DemoSeeder>().SeedAsync();

        using var times = JsonDocument.Parse(await Editor.GetStringAsync(U("/api/scheduler/optimal-times?platform=instagram")));

        Assert.Equal("history", times.RootElement[0].GetProperty("source").GetString());
        Assert.NotEmpty(times.RootElement[0].GetProperty("utcHours").EnumerateArray());
    }

    [Fact]
    public async Task ReliabilityReportsSharesPerPlatform()
    {
        await _app.Services.GetRequiredService<Core.Demo.DemoSeeder>().SeedAsync();

        using var report = JsonDocument.Parse(await Editor.GetStringAsync(U("/api/scheduler/reliability")));
        var instagram = report.RootElement.GetProperty("platforms").EnumerateArray().Single(p => p.GetProperty("platform").GetString() == "instagram");

        Assert.True(instagram.GetProperty("due").GetInt32() > 10);
        Assert.Equal(1, instagram.GetProperty("failed").GetInt32());
        Assert.InRange(instagram.GetProperty("onTimeShare").GetDouble(), 0.5, 1.0);
    }

    [Fact]
    public async Task ScheduleWithAiWithoutAProviderWritesFromTemplatesAndSaysSo()
    {
        using var response = await Editor.PostAsJsonAsync(U("/api/scheduler/schedule-with-ai"), new
        {
            prompt = "our winter blend is back", platform = "sandbox", accountId = (int?)null, scheduledTime = "2030-01-01T10:00:00",
            timeZone = "Europe/Berlin", language = "en", tone = "friendly",
        });
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("templates", created.RootElement.GetProperty("provider").GetString());
        Assert.Equal("Scheduled", created.RootElement.GetProperty("status").GetString());
        Assert.Equal(DateTimeOffset.Parse("2030-01-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture), created.RootElement.GetProperty("nextRunUtc").GetDateTimeOffset());
        var content = created.RootElement.GetProperty("content").GetString()!;
        Assert.Contains("Our winter blend is back.", content, StringComparison.Ordinal);
        Assert.Equal(content, (await PostsAsync()).Single(p => p.Id == created.RootElement.GetProperty("id").GetInt32()).Content);
    }

    private async Task<int> CountPostsAsync() => (await PostsAsync()).Count;

    private async Task<List<Post>> PostsAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return await db.Posts.AsNoTracking().ToListAsync();
    }

    public void Dispose() => _app.Dispose();
}
