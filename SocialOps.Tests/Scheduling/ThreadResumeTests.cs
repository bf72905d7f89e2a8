using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>
/// A platform that keeps what it received by idempotency key, as Bluesky's repository or the Sandbox do: it can tell
/// whether something landed, and a request that may exist already is answered from what it holds (the router's check).
/// A script makes chosen texts fail once, or land while their answer is lost.
/// </summary>
public sealed class KeyedPlatform : IPlatformPublisher
{
    private readonly ConcurrentDictionary<string, PublishResult> _landed = new();
    private readonly ConcurrentDictionary<string, PublishFailureKind> _failOnce = new();
    private int _next;

    public Platform Platform => Platform.Sandbox;

    /// <summary>Every request that reached the platform as a new publication, in order.</summary>
    public ConcurrentQueue<PublishRequest> Sent { get; } = new();

    public void FailOnce(string content, PublishFailureKind kind) => _failOnce[content] = kind;

    public int SentCount(string key) => Sent.Count(r => r.IdempotencyKey == key);

    public Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        if (request.MayExist && _landed.TryGetValue(request.IdempotencyKey, out var existing))
        {
            return Task.FromResult(existing);
        }

        var armed = _failOnce.TryRemove(request.Content, out var kind);
        if (armed && kind != PublishFailureKind.Unknown)
        {
            throw new PublishException(kind, $"refused {request.Content}", httpStatus: kind == PublishFailureKind.Transient ? 503 : 400);
        }

        Sent.Enqueue(request);
        var n = Interlocked.Increment(ref _next);
        var result = _landed.GetOrAdd(request.IdempotencyKey, _ => new PublishResult($"pub-{n}", $"https://example.social/{n}", $"cid-{n}"));
        return armed ? throw new PublishException(PublishFailureKind.Unknown, "the answer was lost") : Task.FromResult(result);
    }

    public Task<PublishResult?> FindAsync(PublishRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(_landed.TryGetValue(request.IdempotencyKey, out var found) ? found : null);
}

/// <summary>
/// A thread goes out part by part, each once: a failure or a lost answer in the middle stops it there, and publishing it
/// again resumes at the part that did not land without sending a confirmed part twice. Runs on SQLite; the PostgreSQL
/// class below runs the same on a real server.
/// </summary>
public class ThreadResumeTests : IDisposable
{
    private static readonly string[] Thread = ["second part", "third part", "fourth part"];
    private readonly KeyedPlatform _platform = new();
    private SocialOpsAppFactory? _app;

    private SocialOpsAppFactory App => _app ??= NewApp().WithPublisher(_platform);

    protected virtual SocialOpsAppFactory NewApp() => new();

    private HttpClient Editor => App.CreateClientAs(Roles.Editor);

    [Fact]
    public async Task AFailureOnPartThreeOfFourStopsThereAndPublishingAgainSendsOnlyTheRest()
    {
        _platform.FailOnce("third part", PublishFailureKind.Permanent);
        var id = await ScheduleThreadAsync();

        var failed = await App.WaitUntilSettledAsync(id);
        var partsAfterFailure = await PartsAsync(id);
        using var again = await Editor.PostAsync(new Uri($"/api/scheduler/publish-now/{id}", UriKind.Relative), null);
        var published = await App.WaitUntilSettledAsync(id);
        var parts = await PartsAsync(id);

        Assert.Equal(PostStatus.Failed, failed.Status);
        Assert.StartsWith("Part 3 of 4:", failed.StatusReason, StringComparison.Ordinal);
        Assert.Equal([PartState.Published, PartState.Failed, PartState.Pending], partsAfterFailure.Select(p => p.State));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(PostStatus.Published, published.Status);
        Assert.All(parts, p => Assert.Equal(PartState.Published, p.State));
        AssertEachSentOnce(id);
        AssertChained(published, parts);
    }

    [Fact]
    public async Task ALostAnswerOnPartTwoIsCheckedOnThePlatformAndNeverSentAgain()
    {
        _platform.FailOnce("second part", PublishFailureKind.Unknown);
        var id = await ScheduleThreadAsync();

        var unconfirmed = await App.WaitUntilSettledAsync(id);
        var partsAfterLoss = await PartsAsync(id);
        using var again = await Editor.PostAsync(new Uri($"/api/scheduler/publish-now/{id}", UriKind.Relative), null);
        var published = await App.WaitUntilSettledAsync(id);
        var parts = await PartsAsync(id);

        Assert.Equal(PostStatus.Unconfirmed, unconfirmed.Status);
        Assert.StartsWith("Part 2 of 4:", unconfirmed.StatusReason, StringComparison.Ordinal);
        Assert.Equal([PartState.Unknown, PartState.Pending, PartState.Pending], partsAfterLoss.Select(p => p.State));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(PostStatus.Published, published.Status);
        Assert.All(parts, p => Assert.Equal(PartState.Published, p.State));
        AssertEachSentOnce(id);
        AssertChained(published, parts);
    }

    [Fact]
    public async Task ATransientFailureMidThreadIsRetriedFromThatPart()
    {
        App.WithFastRetries();
        _platform.FailOnce("third part", PublishFailureKind.Transient);
        var id = await ScheduleThreadAsync();

        var published = await App.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed or PostStatus.Unconfirmed);
        var parts = await PartsAsync(id);

        Assert.Equal(PostStatus.Published, published.Status);
        Assert.Equal(2, published.Attempts.Count);
        AssertEachSentOnce(id);
        AssertChained(published, parts);
    }

    [Fact]
    public async Task TheFirstCommentGoesOutOnceAfterTheLastPartAndAnswersIt()
    {
        var id = await ScheduleThreadAsync(firstComment: "More at example.com #coffee");

        await App.WaitUntilSettledAsync(id);
        var post = await App.DbAsync(db => db.Posts.Include(p => p.Parts).AsNoTracking().SingleAsync(p => p.Id == id));

        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal(PartState.Published, post.FirstCommentState);
        var comment = Assert.Single(_platform.Sent, r => r.IdempotencyKey == FirstComments.IdempotencyKey(id));
        Assert.Equal("More at example.com #coffee", comment.Content);
        Assert.Equal(post.Parts.MaxBy(p => p.Index)!.ExternalId, comment.ReplyTo!.ParentId);
        Assert.Equal(post.ExternalId, comment.ReplyTo.RootId);
        Assert.NotNull(post.FirstCommentExternalId);
    }

    [Fact]
    public async Task AFailedFirstCommentLeavesThePostPublishedWithTheCommentsOwnError()
    {
        _platform.FailOnce("Link in here", PublishFailureKind.Permanent);
        var id = await ScheduleThreadAsync(firstComment: "Link in here");

        await App.WaitUntilSettledAsync(id);
        var post = await App.DbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));
        var listed = await Editor.GetStringAsync(new Uri("/api/scheduler/scheduled-posts", UriKind.Relative));

        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Null(post.StatusReason);
        Assert.Equal(PartState.Failed, post.FirstCommentState);
        Assert.Contains("refused Link in here", post.FirstCommentError, StringComparison.Ordinal);
        Assert.Equal(0, _platform.SentCount(FirstComments.IdempotencyKey(id)));
        Assert.Contains("\"firstCommentState\":\"Failed\"", listed, StringComparison.Ordinal);
        Assert.Contains("\"threadParts\":4", listed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _app?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Schedules a 4-part thread a moment ahead.</summary>
    private Task<int> ScheduleThreadAsync(string? firstComment = null) =>
        Editor.ScheduleAsync(new { platform = "sandbox", content = "first part", thread = Thread, firstComment, scheduledTime = SchedulerTestExtensions.InSeconds(1) });

    private Task<List<PostPart>> PartsAsync(int id) =>
        App.DbAsync(db => db.PostParts.AsNoTracking().Where(p => p.PostId == id).OrderBy(p => p.Index).ToListAsync());

    private void AssertEachSentOnce(int id)
    {
        Assert.Equal(1, _platform.SentCount(PostPublisher.IdempotencyKey(id)));
        for (var index = 1; index <= Thread.Length; index++)
        {
            Assert.Equal(1, _platform.SentCount(PostPart.IdempotencyKey(id, index)));
        }
    }

    /// <summary>Each part answered the one before it, under the first post, in order.</summary>
    private void AssertChained(Post post, List<PostPart> parts)
    {
        var previous = post.ExternalId!;
        foreach (var part in parts)
        {
            var sent = Assert.Single(_platform.Sent, r => r.IdempotencyKey == PostPart.IdempotencyKey(post.Id, part.Index));
            Assert.Equal(Thread[part.Index - 1], sent.Content);
            Assert.Equal((post.ExternalId, previous), (sent.ReplyTo!.RootId, sent.ReplyTo.ParentId));
            previous = part.ExternalId!;
        }
    }
}

/// <summary>The same resumes on a real PostgreSQL server.</summary>
public sealed class ThreadResumePostgresTests(PostgresDatabase database) : ThreadResumeTests, IClassFixture<PostgresDatabase>
{
    protected override SocialOpsAppFactory NewApp() => new SocialOpsAppFactory().UsePostgres(database.ConnectionString);
}
