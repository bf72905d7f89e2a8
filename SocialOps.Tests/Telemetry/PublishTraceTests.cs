using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Ingestion;
using SocialOps.Core.Telemetry;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;

namespace SocialOps.Tests.Telemetry;

/// <summary>
/// A post published through a real connector is one trace: the trigger's job, the post, its claim, the connector's call
/// with the HTTP request nested under it, and the commit of the outcome; a comment fetched from a connection is one trace
/// from the ingestion run through the inbox's intake to sentiment. Read with an activity listener, as the SDK reads it.
/// </summary>
public sealed class PublishTraceTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();
    private readonly MastodonStandIn _mastodon = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public PublishTraceTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SocialOpsTracing.Name or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task APublishIsOneTraceFromTheJobThroughTheClaimTheHttpCallAndTheCommit()
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new
        {
            platform = "mastodon", accountId, content = "trace me", scheduledTime = SchedulerTestExtensions.InSeconds(1),
        });
        Assert.Equal(PostStatus.Published, (await _app.WaitUntilSettledAsync(id)).Status);

        // Other tests publish in this process at the same time (with post ids of their own that may equal this one):
        // the trace is found from the call that reached this test's own Mastodon stand-in, then up through its parents.
        var http = await StoppedAsync(a => a.Source.Name == "System.Net.Http" && Equals(a.GetTagItem("http.request.method"), "POST")
            && a.GetTagItem("url.full") is string url && url.StartsWith(_mastodon.Url, StringComparison.Ordinal) && url.Contains("/api/v1/statuses", StringComparison.Ordinal));
        var send = await StoppedAsync(a => a.OperationName == "send" && a.SpanId == http.ParentSpanId);
        var post = await StoppedAsync(a => a.OperationName == "publish post" && a.SpanId == send.ParentSpanId);
        Assert.Equal(id, post.GetTagItem(SocialOpsTracing.PostIdTag));
        var job = await StoppedAsync(a => a.OperationName == "publish job" && a.SpanId == post.ParentSpanId);
        var claim = await StoppedAsync(a => a.OperationName == "claim" && a.ParentSpanId == post.SpanId);
        var commit = await StoppedAsync(a => a.OperationName == "commit" && a.ParentSpanId == post.SpanId);

        Assert.All(new[] { post, claim, send, http, commit }, a => Assert.Equal(job.TraceId, a.TraceId));
        Assert.True(claim.StartTimeUtc <= send.StartTimeUtc && send.StartTimeUtc <= commit.StartTimeUtc, "claim, then send, then commit");
        Assert.Equal("mastodon", send.GetTagItem(SocialOpsTracing.PlatformTag));
        Assert.Equal("succeeded", send.GetTagItem("socialops.outcome"));
        Assert.Equal(true, commit.GetTagItem("socialops.saved"));
        Assert.Equal(ActivityStatusCode.Unset, send.Status);

        // The log lines written on the way carry the same trace, so a log search leads to the trace and back.
        var attempt = Assert.Single(_app.Logs.Records, r => r.Message.StartsWith($"Post {id} attempt 1: ", StringComparison.Ordinal));
        Assert.Equal(job.TraceId.ToString(), attempt.TraceId);
    }

    [Fact]
    public async Task AFetchedCommentIsOneTraceFromTheIngestionRunThroughTheIntakeToSentiment()
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        var fan = MastodonStandIn.Account(id: "777", acct: "fan", name: "A fan");
        var mention = MastodonStandIn.Mention("1001", MastodonStandIn.Status("2001", "<p>@brand I love this roast, wonderful!</p>", TimeProvider.System.GetUtcNow().AddMinutes(-5), account: fan));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/notifications", "GET").WithParam("min_id", "1001")).AtPriority(1).RespondWith(MastodonStandIn.Json(Array.Empty<object>()));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/notifications", "GET")).AtPriority(2).RespondWith(MastodonStandIn.Json(new[] { mention }));

        var report = await _app.Services.GetRequiredService<IngestionService>().RunAsync(accountId, CancellationToken.None);

        Assert.Equal(1, report.NewInteractions);
        // The run that called this test's own stand-in (other tests in this process ingest too, maybe with the same ids).
        var run = await StoppedAsync(a => a.OperationName == "ingest connection" && Equals(a.GetTagItem(SocialOpsTracing.ConnectionTag), accountId)
            && _stopped.Any(h => h.ParentSpanId == a.SpanId && h.GetTagItem("url.full") is string url && url.StartsWith(_mastodon.Url, StringComparison.Ordinal)));
        var intake = await StoppedAsync(a => a.OperationName == "inbox intake" && a.ParentSpanId == run.SpanId && Equals(a.GetTagItem("socialops.new_interactions"), 1));
        var sentiment = await StoppedAsync(a => a.OperationName == "sentiment" && a.ParentSpanId == intake.SpanId);
        Assert.Equal(run.TraceId, intake.TraceId);
        Assert.Equal(run.TraceId, sentiment.TraceId);
        Assert.Contains(_stopped, a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == run.SpanId && a.TraceId == run.TraceId);
        Assert.Equal(1, run.GetTagItem("socialops.new_interactions"));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _app.Dispose();
        _mastodon.Dispose();
    }

    // A span is handed over when it stops; the job's stops a moment after the post has settled.
    private async Task<Activity> StoppedAsync(Func<Activity, bool> match)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(10);
        while (true)
        {
            var found = _stopped.Where(match).ToList();
            if (found.Count > 0 || TimeProvider.System.GetUtcNow() > deadline)
            {
                return Assert.Single(found);
            }

            await Task.Delay(50);
        }
    }
}
