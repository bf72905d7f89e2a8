using System.Collections.Concurrent;
using SocialOps.Core.Publishing;

namespace SocialOps.Tests.Scheduling;

/// <summary>
/// A platform that takes its time: a publish call lasts <see cref="PublishDelay"/>, a look-up <see cref="FindDelay"/>, and a
/// look-up finds only what a finished call stored (as a real platform would, while a request is still in flight).
/// </summary>
public sealed class SlowPlatform : IPlatformPublisher
{
    private readonly ConcurrentDictionary<string, PublishResult> _published = new();

    public Platform Platform => Platform.Sandbox;

    public TimeSpan PublishDelay { get; set; } = TimeSpan.Zero;

    public TimeSpan FindDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Replaces the publish call entirely (to hang, or to throw something that is not a PublishException).</summary>
    public Func<PublishRequest, CancellationToken, Task<PublishResult>>? OnPublish { get; set; }

    /// <summary>Replaces the look-up entirely.</summary>
    public Func<PublishRequest, CancellationToken, Task<PublishResult?>>? OnFind { get; set; }

    public ConcurrentBag<int> PublishCalls { get; } = [];

    public ConcurrentBag<int> FindCalls { get; } = [];

    public int PublishCount(int postId) => PublishCalls.Count(id => id == postId);

    /// <summary>The most publish calls that were in flight at once.</summary>
    public int MostAtOnce
    {
        get
        {
            lock (_gate)
            {
                return _mostAtOnce;
            }
        }
    }

    private readonly Lock _gate = new();
    private int _inFlight;
    private int _mostAtOnce;

    public void AlreadyPublished(PublishRequest request) => _published[request.IdempotencyKey] = new PublishResult($"ext-{request.PostId}", null);

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        PublishCalls.Add(request.PostId);
        lock (_gate)
        {
            _mostAtOnce = Math.Max(_mostAtOnce, ++_inFlight);
        }

        try
        {
            if (OnPublish is { } publish)
            {
                return await publish(request, cancellationToken);
            }

            await Task.Delay(PublishDelay, cancellationToken);
            return _published.GetOrAdd(request.IdempotencyKey, _ => new PublishResult($"ext-{request.PostId}", $"https://example.social/{request.PostId}"));
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
            }
        }
    }

    public async Task<PublishResult?> FindAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        FindCalls.Add(request.PostId);
        if (OnFind is { } find)
        {
            return await find(request, cancellationToken);
        }

        await Task.Delay(FindDelay, cancellationToken);
        return _published.GetValueOrDefault(request.IdempotencyKey);
    }
}
