using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>
/// Posts due at one instant share one trigger: the posts of that instant go out once each, and no other post with them,
/// whatever happens to the trigger or the app meanwhile.
/// </summary>
public sealed class InstantTriggerTests : IDisposable
{
    private readonly SlowPlatform _platform = new();
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private SocialOpsAppFactory App(int workers = 8) => new SocialOpsAppFactory
    {
        Settings =
        {
            ["Data:Directory"] = _data.Path,
            ["Scheduling:SchedulerName"] = "instant-test",
            ["Scheduling:HeartbeatInterval"] = "00:00:01",
            ["Scheduling:MaxConcurrency"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    }.WithPublisher(_platform);

    private static async Task<List<int>> BulkAsync(HttpClient client, string due, int count, string text)
    {
        using var created = await client.PostAsJsonAsync(new Uri("/api/scheduler/bulk-schedule", UriKind.Relative),
            new { items = Enumerable.Range(0, count).Select(i => new { platform = "sandbox", content = $"{text} {i}", scheduledTime = due }) });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, body);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];
    }

    [Fact]
    public async Task ThePostsOfAnInstantGoOutOnceEachAndAPostMovedAwayStaysForItsNewTime()
    {
        using var app = App();
        var client = app.CreateClientAs(Roles.Editor);
        var ids = await BulkAsync(client, SchedulerTestExtensions.InSeconds(2), 12, "launch");
        var moved = ids[^1];
        var later = TimeProvider.System.GetUtcNow().AddHours(1);
        using (var response = await client.PutAsJsonAsync(new Uri($"/api/scheduler/reschedule/{moved}", UriKind.Relative), new { scheduledTime = later.ToString("O") }))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        foreach (var id in ids[..^1])
        {
            Assert.Equal(PostStatus.Published, (await app.WaitUntilSettledAsync(id)).Status);
            Assert.Equal(1, _platform.PublishCount(id));
        }

        Assert.Equal(PostStatus.Scheduled, (await app.WaitForPostAsync(moved, _ => true)).Status);
        Assert.Equal(0, _platform.PublishCount(moved));
        Assert.Equal(PublishPostJob.Instant(later), await app.Services.GetRequiredService<PostTriggers>().FireTimeAsync(moved));
    }

    [Fact]
    public async Task APostSavedForAnInstantWhoseJobIsAlreadyRunningStillGoesOutOnce()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The first publication (the only post there is yet) is held: its id is not known here before the answer to
        // the request that schedules it, which a loaded machine may give after the instant has come.
        var held = 0;
        _platform.OnPublish = async (request, ct) =>
        {
            if (Interlocked.Exchange(ref held, 1) == 0)
            {
                await release.Task.WaitAsync(ct);
            }

            return new PublishResult($"ext-{request.PostId}", null);
        };
        using var app = App();
        var first = await app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "opens the instant", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        var running = await app.WaitForPostAsync(first, p => p.Status == PostStatus.Publishing);

        // The instant's job has read which posts are due; another post for the same instant is saved now, as the
        // scheduling service saves one (the post first, then its instant's trigger).
        int second;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            var now = TimeProvider.System.GetUtcNow();
            var post = new Post { Platform = Platform.Sandbox, Content = "joins late", CreatedAt = now }.ScheduledAt(running.ScheduledFor!.Value);
            db.Posts.Add(post);
            await db.SaveChangesAsync();
            second = post.Id;
        }

        await app.Services.GetRequiredService<PostTriggers>().DueAsync(running.ScheduledFor!.Value);
        var joined = await app.WaitForPostAsync(second, p => p.Status == PostStatus.Published);
        release.SetResult();

        Assert.Equal(PostStatus.Published, (await app.WaitUntilSettledAsync(first)).Status);
        Assert.Single((await app.WaitUntilSettledAsync(second)).Attempts);
        Assert.Equal(1, _platform.PublishCount(first));
        Assert.Equal(1, _platform.PublishCount(second));
        Assert.Equal(running.ScheduledFor, joined.ScheduledFor);
    }

    [Fact]
    public async Task ARetryMovedToANewTimeLosesItsOwnTrigger()
    {
        _platform.OnPublish = (_, _) => throw new PublishException(PublishFailureKind.Transient, "503 from the platform", httpStatus: 503);
        using var app = App();
        app.Settings["Scheduling:RetryDelay"] = "01:00:00";
        var client = app.CreateClientAs(Roles.Editor);
        var id = await client.ScheduleAsync(new { platform = "sandbox", content = "retry, then move", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        await app.WaitForPostAsync(id, p => p.Status == PostStatus.Retrying);
        var triggers = app.Services.GetRequiredService<PostTriggers>();
        await WaitUntilAsync(() => triggers.OwnExistsAsync(id));

        var later = TimeProvider.System.GetUtcNow().AddHours(2);
        using (var response = await client.PutAsJsonAsync(new Uri($"/api/scheduler/reschedule/{id}", UriKind.Relative), new { scheduledTime = later.ToString("O") }))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.False(await triggers.OwnExistsAsync(id), "the retry's trigger would publish the post an hour early");
        Assert.Equal(PublishPostJob.Instant(later), await triggers.FireTimeAsync(id));
        Assert.Equal(PostStatus.Scheduled, (await app.WaitForPostAsync(id, _ => true)).Status);
    }

    [Fact]
    public async Task InstantsWhoseJobsOverlapShareTheWorkers()
    {
        _platform.PublishDelay = TimeSpan.FromSeconds(1);
        using var app = App(workers: 2);
        var client = app.CreateClientAs(Roles.Editor);
        var first = TimeProvider.System.GetUtcNow().AddSeconds(3);
        var ids = await BulkAsync(client, first.ToString("O"), 4, "first instant");
        ids.AddRange(await BulkAsync(client, first.AddMilliseconds(300).ToString("O"), 4, "second instant"));

        foreach (var id in ids)
        {
            Assert.Equal(PostStatus.Published, (await app.WaitUntilSettledAsync(id)).Status);
            Assert.Equal(1, _platform.PublishCount(id));
        }

        // Each instant's job alone would publish two at a time, four together.
        Assert.Equal(2, _platform.MostAtOnce);
    }

    [Fact]
    public async Task ALostInstantTriggerIsRestoredAndItsPostsGoOutOnce()
    {
        using var app = App();
        var client = app.CreateClientAs(Roles.Editor); // the app starts here: the instant is set after its start-up
        // Far enough ahead that the trigger is removed before it can fire, however slowly a loaded machine schedules the
        // posts (a trigger already fired when it is removed leaves nothing for the repair to restore).
        var due = SchedulerTestExtensions.InSeconds(10);
        var ids = await BulkAsync(client, due, 3, "lost trigger");
        var scheduler = await app.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        Assert.True(await scheduler.UnscheduleJob(PublishPostJob.TriggerAt(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture))));

        foreach (var id in ids)
        {
            Assert.Equal(PostStatus.Published, (await app.WaitUntilSettledAsync(id)).Status);
            Assert.Equal(1, _platform.PublishCount(id));
            Assert.Contains(app.Logs.Lines, l => l.Contains($"Post {id} had no trigger; restored", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task StoppingDuringAnInstantLeavesTheRestForTheNextStartAndEachGoesOutOnce()
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _platform.OnPublish = async (request, ct) =>
        {
            if (started.TrySetResult(request.PostId))
            {
                await release.Task.WaitAsync(ct);
            }

            return new PublishResult($"ext-{request.PostId}", null);
        };
        List<int> ids;
        using (var before = App(workers: 1))
        {
            ids = await BulkAsync(before.CreateClientAs(Roles.Editor), SchedulerTestExtensions.InSeconds(1), 4, "stop");
            await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The post under way finishes once the app has begun to stop; none after it is started.
            before.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(release.SetResult);
        }

        Assert.Single(_platform.PublishCalls);
        using var after = App();
        foreach (var id in ids)
        {
            Assert.Equal(PostStatus.Published, (await after.WaitUntilSettledAsync(id)).Status);
            Assert.Equal(1, _platform.PublishCount(id));
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
