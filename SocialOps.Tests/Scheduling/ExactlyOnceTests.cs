using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>The paths by which a post could go out twice, or a success could be lost, each closed.</summary>
public sealed class ExactlyOnceTests : IDisposable
{
    private readonly SlowPlatform _platform = new();
    private readonly SocialOpsAppFactory _app;

    public ExactlyOnceTests() => _app = new SocialOpsAppFactory
    {
        Settings = { ["Scheduling:HeartbeatInterval"] = "00:00:01", ["Scheduling:PublishTimeout"] = "00:00:30" },
    }.WithPublisher(_platform);

    private IDbContextFactory<SocialOpsDbContext> Contexts => _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();

    [Fact]
    public async Task ASlowButLivePublishIsNeverReconciledAndGoesOutOnce()
    {
        // A claim abandoned by a dead process whose look-up is slow keeps the repair loop busy for several check-ins:
        // the live instance must still count as alive, and its own slow call must be left alone.
        var dead = await AddClaimAsync("a-process-that-died", attemptNumber: 1);
        _platform.OnFind = async (request, ct) =>
        {
            await Task.Delay(request.PostId == dead ? TimeSpan.FromSeconds(4) : TimeSpan.Zero, ct);
            return null;
        };
        _platform.PublishDelay = TimeSpan.FromSeconds(6);
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "slow but alive", scheduledTime = SchedulerTestExtensions.InSeconds(1) });

        var post = await _app.WaitUntilSettledAsync(id);
        await _app.WaitUntilSettledAsync(dead);

        Assert.Equal(1, _platform.PublishCount(id));
        Assert.Equal(PublishOutcome.Succeeded, Assert.Single(post.Attempts).Outcome);
        Assert.DoesNotContain(id, _platform.FindCalls);
    }

    [Theory]
    [InlineData("hangs past the publish timeout")]
    [InlineData("times out in its HTTP client")]
    [InlineData("throws something unexpected")]
    public async Task ACallWithNoAnswerBecomesUnconfirmedAndIsNotRetried(string how)
    {
        _app.Settings["Scheduling:PublishTimeout"] = "00:00:01";
        _platform.OnPublish = how switch
        {
            "hangs past the publish timeout" => async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return null!; },
            "times out in its HTTP client" => (_, _) => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout."),
            _ => (_, _) => throw new InvalidDataException("The response could not be read."),
        };
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = how, scheduledTime = SchedulerTestExtensions.InSeconds(1) });

        var post = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Unconfirmed, post.Status);
        Assert.Equal(PublishOutcome.Unknown, Assert.Single(post.Attempts).Outcome);
        Assert.Equal(1, _platform.PublishCount(id));
    }

    [Fact]
    public async Task ASuccessThatArrivesAfterThePostChangedIsKept()
    {
        // The platform holds its answer until the post has been changed, however slow the machine is.
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _platform.OnPublish = async (request, ct) =>
        {
            await changed.Task.WaitAsync(ct);
            return new PublishResult($"ext-{request.PostId}", $"https://example.social/{request.PostId}");
        };
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "answer comes late", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        await _app.WaitForPostAsync(id, p => p.Status == PostStatus.Publishing);

        // Meanwhile someone else settles the post (as a reconciliation or a user would), planning a retry far ahead.
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var post = await db.Posts.Include(p => p.Attempts).SingleAsync(p => p.Id == id);
            post.Attempts[0].Outcome = PublishOutcome.TransientFailure;
            post.Retry("Settled by someone else.", TimeProvider.System.GetUtcNow().AddHours(1), TimeProvider.System.GetUtcNow());
            await db.SaveChangesAsync();
        }

        await _app.Services.GetRequiredService<PostTriggers>().SetAsync(id, TimeProvider.System.GetUtcNow().AddHours(1));
        changed.SetResult();

        var settled = await _app.WaitForPostAsync(id, p => p.Status == PostStatus.Published);
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        Assert.Equal($"ext-{id}", settled.ExternalId);
        Assert.Equal(PublishOutcome.Succeeded, Assert.Single(settled.Attempts).Outcome);
        Assert.False(await scheduler.Exists(PublishPostJob.TriggerFor(id)), "the retry planned meanwhile is called off");
        Assert.Equal(1, _platform.PublishCount(id));
    }

    [Fact]
    public async Task AnAbandonedClaimThePlatformCannotConfirmBecomesUnconfirmed()
    {
        _platform.OnFind = (_, _) => throw new NotSupportedException();
        var id = await AddClaimAsync("a-process-that-died", attemptNumber: 1);

        var post = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Unconfirmed, post.Status);
        Assert.Equal(PublishOutcome.Unknown, Assert.Single(post.Attempts).Outcome);
        Assert.Empty(_platform.PublishCalls);
    }

    [Fact]
    public async Task ReconciliationStopsRetryingAtTheLastAttempt()
    {
        var id = await AddClaimAsync("a-process-that-died", attemptNumber: 3);

        var post = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Failed, post.Status);
        Assert.Contains("Gave up after 3 attempts", post.StatusReason, StringComparison.Ordinal);
        Assert.Empty(_platform.PublishCalls);
    }

    [Fact]
    public async Task AConflictOnOnePostLeavesTheRestOfTheRoundIntact()
    {
        var first = await AddClaimAsync("a-process-that-died", attemptNumber: 1);
        var second = await AddClaimAsync("a-process-that-died", attemptNumber: 1);
        _platform.OnFind = async (request, ct) =>
        {
            if (request.PostId == first)
            {
                // While the first is looked up, a user edits it: its reconciliation must lose, the second's must not.
                await using var db = await Contexts.CreateDbContextAsync(ct);
                var post = await db.Posts.SingleAsync(p => p.Id == first, ct);
                db.Entry(post).State = EntityState.Modified; // a user's change: the post's version moves on
                await db.SaveChangesAsync(ct);
            }

            return null;
        };

        await WaitForLogAsync($"Post {second} was left publishing by a stopped run");
        await using var check = await Contexts.CreateDbContextAsync();
        var settled = await check.PublishAttempts.SingleAsync(a => a.PostId == second && a.AttemptNumber == 1);

        // What the log reports is in the database already (the post may have moved on since: its retry goes out at once).
        Assert.Equal(PublishOutcome.TransientFailure, settled.Outcome);
        Assert.Contains(_app.Logs.Lines, l => l.Contains($"Post {first} changed while it was being reconciled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARetryKeepsItsBackoffWhenItsTriggerIsLost()
    {
        // The repair looks a few check-ins ahead, so the retry is due soon, but well after the post's own time.
        _app.Settings["Scheduling:RetryDelay"] = "00:00:07";
        _platform.OnPublish = (_, _) => throw new PublishException(PublishFailureKind.Transient, "503 from the platform", httpStatus: 503);
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "retry later", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        var retrying = await _app.WaitForPostAsync(id, p => p.Status == PostStatus.Retrying);
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await WaitUntilAsync(async () => await scheduler.Exists(PublishPostJob.TriggerFor(id)));

        await _app.Services.GetRequiredService<PostTriggers>().RemoveAsync(id);
        await WaitUntilAsync(async () => await scheduler.Exists(PublishPostJob.TriggerFor(id)));
        var restored = await scheduler.GetTrigger(PublishPostJob.TriggerFor(id));

        Assert.NotNull(retrying.RetryAt);
        Assert.True(retrying.RetryAt > retrying.ScheduledFor!.Value.AddSeconds(6), $"retry at {retrying.RetryAt}, due {retrying.ScheduledFor}");
        Assert.Equal(retrying.RetryAt!.Value.UtcTicks / TimeSpan.TicksPerSecond, restored!.StartTimeUtc.UtcTicks / TimeSpan.TicksPerSecond);
        Assert.Equal(1, _platform.PublishCount(id));
    }

    [Fact]
    public async Task CancellingWhileThePublishJobClaimsAnswersCancelledOrConflictNeverAnError()
    {
        var client = _app.CreateClientAs(Roles.Editor);
        var due = SchedulerTestExtensions.InSeconds(3);
        using var created = await client.PostAsJsonAsync(new Uri("/api/scheduler/bulk-schedule", UriKind.Relative),
            new { items = Enumerable.Range(0, 20).Select(i => new { platform = "sandbox", content = $"race {i}", scheduledTime = due }) });
        using var json = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var ids = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();

        var wait = DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture) - TimeProvider.System.GetUtcNow();
        await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        var answers = await Task.WhenAll(ids.Select(async id =>
        {
            using var response = await client.DeleteAsync(new Uri($"/api/scheduler/cancel/{id}", UriKind.Relative));
            return (int)response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Contains(status, new[] { 204, 409 }));
        foreach (var id in ids)
        {
            var post = await _app.WaitUntilSettledAsync(id);
            Assert.Equal(post.Status == PostStatus.Published ? 1 : 0, _platform.PublishCount(id));
        }
    }

    private async Task<int> AddClaimAsync(string instanceId, int attemptNumber)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow();
        var post = new Post { Platform = Platform.Sandbox, Content = "claimed, then the process died", CreatedAt = now }.ScheduledAt(now.AddSeconds(-5));
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        for (var n = 1; n <= attemptNumber; n++)
        {
            var attempt = new PublishAttempt
            {
                AttemptNumber = n, Outcome = n < attemptNumber ? PublishOutcome.TransientFailure : PublishOutcome.Pending,
                IdempotencyKey = PostPublisher.IdempotencyKey(post.Id), StartedAt = now.AddSeconds(-4), InstanceId = instanceId,
            };
            if (n < attemptNumber)
            {
                post.Attempts.Add(attempt);
            }
            else
            {
                post.Claim(attempt, now);
            }
        }

        await db.SaveChangesAsync();
        return post.Id;
    }

    private async Task<string> WaitForLogAsync(string fragment)
    {
        string? line = null;
        await WaitUntilAsync(() => Task.FromResult((line = _app.Logs.Lines.FirstOrDefault(l => l.Contains(fragment, StringComparison.Ordinal))) is not null));
        return line!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException("The condition did not hold within 30 s.");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose() => _app.Dispose();
}
