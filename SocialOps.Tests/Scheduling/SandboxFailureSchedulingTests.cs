using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>Armed Sandbox failures through the real scheduler: what each mode does to a post, and that n means n.</summary>
public sealed class SandboxFailureSchedulingTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new SocialOpsAppFactory().WithFastRetries();

    private async Task ArmAsync(string mode, int count)
    {
        using var response = await _app.CreateClientAs(Roles.Editor).PostAsJsonAsync("/api/sandbox/failures", new { mode, count });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<int> ScheduleAsync(string content, double inSeconds = 1) =>
        _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content, scheduledTime = SchedulerTestExtensions.InSeconds(inSeconds) });

    private async Task<int> RemainingAsync() =>
        (await _app.CreateClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>("/api/sandbox/failures")).GetProperty("remaining").GetInt32();

    [Fact]
    public async Task ATransientFailureSendsThePostToRetryingAndTheRetryPublishesIt()
    {
        var seen = new ConcurrentQueue<(int PostId, PostStatus Status)>();
        using var watch = _app.Services.GetRequiredService<EventBus>().Subscribe<PostStatusChanged>(batch =>
        {
            foreach (var e in batch)
            {
                seen.Enqueue((e.PostId, e.Status));
            }

            return Task.CompletedTask;
        });
        await ArmAsync("transient", 1);

        var id = await ScheduleAsync("try me twice");
        var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed);

        Assert.Equal(PostStatus.Published, post.Status);
        var attempts = post.Attempts.OrderBy(a => a.AttemptNumber).ToList();
        Assert.Equal([PublishOutcome.TransientFailure, PublishOutcome.Succeeded], attempts.Select(a => a.Outcome));
        Assert.Equal(503, attempts[0].HttpStatus);
        Assert.Contains("transient", attempts[0].Error, StringComparison.Ordinal);
        Assert.Contains(PostStatus.Retrying, seen.Where(e => e.PostId == id).Select(e => e.Status));
        Assert.Equal(1, await _app.SandboxCountAsync(id));
        Assert.Equal(0, await RemainingAsync());
    }

    [Fact]
    public async Task APermanentFailureFailsThePostWithTheReasonAndRecordsNothing()
    {
        await ArmAsync("permanent", 1);

        var id = await ScheduleAsync("refuse me");
        var post = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Failed, post.Status);
        Assert.Contains("refuse this publication (permanent", post.StatusReason, StringComparison.Ordinal);
        var attempt = Assert.Single(post.Attempts);
        Assert.Equal(PublishOutcome.PermanentFailure, attempt.Outcome);
        Assert.Equal(400, attempt.HttpStatus);
        Assert.Equal(0, await _app.SandboxCountAsync(id));
    }

    [Fact]
    public async Task AnUnknownOutcomeLeavesThePostUnconfirmedWithExactlyOnePublicationThatPublishNowThenFinds()
    {
        await ArmAsync("unknown", 1);

        var id = await ScheduleAsync("did it go?");
        var post = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Unconfirmed, post.Status);
        Assert.Equal(PublishOutcome.Unknown, Assert.Single(post.Attempts).Outcome);
        Assert.Contains("answer was lost", post.StatusReason, StringComparison.Ordinal);
        Assert.Equal(1, await _app.SandboxCountAsync(id));

        using var now = await _app.CreateClientAs(Roles.Editor).PostAsync(new Uri($"/api/scheduler/publish-now/{id}", UriKind.Relative), null);
        var settled = await _app.WaitForPostAsync(id, p => p.Status != PostStatus.Unconfirmed);

        Assert.True(now.IsSuccessStatusCode, await now.Content.ReadAsStringAsync());
        Assert.Equal(PostStatus.Published, settled.Status);
        Assert.Equal(1, await _app.SandboxCountAsync(id));
    }

    [Fact]
    public async Task OnlyTheArmedNumberOfPublicationsFail()
    {
        await ArmAsync("permanent", 2);
        var at = SchedulerTestExtensions.InSeconds(1.5);
        var client = _app.CreateClientAs(Roles.Editor);

        var ids = new List<int>();
        foreach (var text in new[] { "one", "two", "three" })
        {
            ids.Add(await client.ScheduleAsync(new { platform = "sandbox", content = text, scheduledTime = at }));
        }

        var posts = new List<Post>();
        foreach (var id in ids)
        {
            posts.Add(await _app.WaitUntilSettledAsync(id));
        }

        Assert.Equal(2, posts.Count(p => p.Status == PostStatus.Failed));
        Assert.Equal(1, posts.Count(p => p.Status == PostStatus.Published));
        Assert.Equal(1, await _app.SandboxCountAsync());
        Assert.Equal(0, await RemainingAsync());
    }

    [Fact]
    public async Task ASandboxAccountBehavingAsAPlatformFailsAsArmedToo()
    {
        using var connected = await _app.CreateClientAs(Roles.Admin).PostAsJsonAsync("/api/connections", new { platform = "sandbox", behavesAs = "mastodon", name = "Trial" });
        Assert.Equal(HttpStatusCode.Created, connected.StatusCode);
        var accountId = (await connected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await ArmAsync("permanent", 1);

        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "mastodon", accountId, content = "to the trial account", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        var post = await _app.WaitUntilSettledAsync(id);

        Assert.Equal(PostStatus.Failed, post.Status);
        Assert.Contains("refuse this publication (permanent", post.StatusReason, StringComparison.Ordinal);
        Assert.Equal(0, await _app.SandboxCountAsync(id));
    }

    public void Dispose() => _app.Dispose();
}
