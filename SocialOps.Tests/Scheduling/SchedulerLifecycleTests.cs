using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

public sealed class SchedulerLifecycleTests
{
    [Fact]
    public async Task APostScheduledBeforeARestartIsPublishedOnceAfterIt()
    {
        using var data = new TempDirectory();
        int id;
        // The first process stores the post and its trigger but runs no scheduler, so nothing can go out before the restart.
        using (var before = SameInstall(data))
        {
            before.Settings["Scheduling:Enabled"] = "false";
            id = await before.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "survives a restart", scheduledTime = SchedulerTestExtensions.InSeconds(2) });
            Assert.Equal(PostStatus.Scheduled, (await before.WaitForPostAsync(id, _ => true)).Status);
            Assert.Equal(0, await before.SandboxCountAsync(id));
        }

        using var after = SameInstall(data);
        _ = after.Services;
        var post = await after.WaitUntilSettledAsync(id);
        Assert.Equal(PostStatus.Published, post.Status);

        Assert.Equal(1, await after.SandboxCountAsync(id));
        Assert.Single(post.Attempts);
    }

    [Fact]
    public async Task HealthIsDegradedWhenNoSchedulerChecksIn()
    {
        using var app = new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false" } };

        var health = await app.CreateClientAs(Roles.Analyst).GetStringAsync(new Uri("/health", UriKind.Relative));
        using var json = JsonDocument.Parse(health);

        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("scheduler", json.RootElement.GetProperty("checks")[1].GetProperty("name").GetString());
    }

    private static SocialOpsAppFactory SameInstall(TempDirectory data) => new()
    {
        Settings = { ["Data:Directory"] = data.Path, ["Scheduling:SchedulerName"] = "restart-test" },
    };
}

/// <summary>Two real app processes on one PostgreSQL database: Quartz clustering and the claim make each post go out once.</summary>
public sealed class ClusteredSchedulerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task TwoInstancesPublishEachPostExactlyOnce()
    {
        var env = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__SocialOps"] = database.ConnectionString,
            ["Scheduling__HeartbeatInterval"] = "00:00:02",
        };
        var token = (await AppProcess.RunAsync(["tokens", "create", "--name", "cluster", "--role", "Editor"], env)).StdOut.TrimEnd().Split('\n')[^1];
        var urls = new[] { $"http://127.0.0.1:{AppProcess.FreePort()}", $"http://127.0.0.1:{AppProcess.FreePort()}" };
        await using var first = AppProcess.Start(["--urls", urls[0]], env);
        await using var second = AppProcess.Start(["--urls", urls[1]], env);
        using var a = Client(urls[0], token);
        using var b = Client(urls[1], token);
        await AppProcess.WaitForAsync(a, "/health", TimeSpan.FromMinutes(2));
        await AppProcess.WaitForAsync(b, "/health", TimeSpan.FromMinutes(2));

        const int posts = 30;
        var due = SchedulerTestExtensions.InSeconds(5);
        var items = Enumerable.Range(0, posts).Select(i => new { platform = "sandbox", content = $"clustered {i}", scheduledTime = due }).ToList();
        using var created = await a.PostAsJsonAsync(new Uri("/api/scheduler/bulk-schedule", UriKind.Relative), new { items });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(60);
        int published;
        do
        {
            await Task.Delay(500);
            using var list = JsonDocument.Parse(await b.GetStringAsync(new Uri("/api/scheduler/scheduled-posts?status=Published&take=500", UriKind.Relative)));
            published = list.RootElement.GetProperty("total").GetInt32();
        }
        while (published < posts && TimeProvider.System.GetUtcNow() < deadline);
        await Task.Delay(2000);

        using var sandbox = JsonDocument.Parse(await a.GetStringAsync(new Uri("/api/sandbox/posts?take=1000", UriKind.Relative)));
        var postIds = sandbox.RootElement.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("postId").GetInt32()).ToList();
        Assert.Equal(posts, published);
        Assert.Equal(posts, postIds.Count);
        Assert.Equal(posts, postIds.Distinct().Count());
    }

    private static HttpClient Client(string url, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
