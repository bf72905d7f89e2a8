using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>A stand-in for a platform that answers from a script: succeed, or fail in a given way.</summary>
public sealed class ScriptedPublisher(Platform platform = Platform.Sandbox) : IPlatformPublisher
{
    private readonly ConcurrentQueue<Func<PublishRequest, PublishResult>> _script = new();
    private int _published;

    public Platform Platform => platform;

    public ConcurrentBag<(PublishRequest Request, DateTimeOffset At)> Calls { get; } = [];

    public int Published => _published;

    public ScriptedPublisher Then(Func<PublishRequest, PublishResult> step)
    {
        _script.Enqueue(step);
        return this;
    }

    public ScriptedPublisher ThenFail(PublishFailureKind kind, string message = "platform said no", TimeSpan? retryAfter = null) =>
        Then(_ => throw new PublishException(kind, message, retryAfter, kind == PublishFailureKind.Transient ? 503 : 400));

    public Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        Calls.Add((request, TimeProvider.System.GetUtcNow()));
        var result = _script.TryDequeue(out var step) ? step(request) : new PublishResult($"ext-{request.PostId}", $"https://example.social/{request.PostId}");
        Interlocked.Increment(ref _published);
        return Task.FromResult(result);
    }

    public Task<PublishResult?> FindAsync(PublishRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
}

public static class SchedulerTestExtensions
{
    public static SocialOpsAppFactory WithPublisher(this SocialOpsAppFactory app, IPlatformPublisher publisher)
    {
        app.ConfigureTestServices = services =>
        {
            services.RemoveAll<IPlatformPublisher>();
            services.AddSingleton(publisher);
        };
        return app;
    }

    public static SocialOpsAppFactory WithFastRetries(this SocialOpsAppFactory app)
    {
        app.Settings["Scheduling:RetryDelay"] = "00:00:00.500";
        app.Settings["Scheduling:RetryBackoffFactor"] = "3";
        return app;
    }

    public static async Task<Post> WaitForPostAsync(this SocialOpsAppFactory app, int id, Func<Post, bool> done, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
            var post = await db.Posts.AsNoTracking().Include(p => p.Attempts).SingleAsync(p => p.Id == id);
            if (done(post))
            {
                return post;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Post {id} is still {post.Status} ({post.Attempts.Count} attempts).");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Waits until nothing more can happen to the post: it is in a final state, it has no trigger left and no publish job
    /// is running for it. A count taken after this is final, with no need to sleep on the clock.
    /// </summary>
    public static async Task<Post> WaitUntilSettledAsync(this SocialOpsAppFactory app, int id)
    {
        var scheduler = await app.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        var trigger = Core.Scheduling.PublishPostJob.TriggerFor(id);
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (true)
        {
            var post = await app.WaitForPostAsync(id, _ => true);
            var final = post.Status is not (PostStatus.Scheduled or PostStatus.Retrying or PostStatus.Publishing);
            // A fired trigger stays in the store until its job has finished, so "no trigger" also means "not running";
            // the trigger of the instant the post was due at counts once that instant has come.
            var instant = post.ScheduledFor is { } due && due <= TimeProvider.System.GetUtcNow() ? Core.Scheduling.PublishPostJob.TriggerAt(due) : null;
            if (final && !await scheduler.Exists(trigger) && (instant is null || !await scheduler.Exists(instant)))
            {
                return post;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Post {id} did not settle: it is {post.Status}.");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<int> SandboxCountAsync(this SocialOpsAppFactory app, int? postId = null)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return await db.SandboxPublications.CountAsync(p => postId == null || p.PostId == postId);
    }

    public static string InSeconds(double seconds) =>
        TimeProvider.System.GetUtcNow().AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<int> ScheduleAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/scheduler/schedule", UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetInt32();
    }
}
