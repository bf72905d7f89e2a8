using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;

namespace SocialOps.Core.Notifications;

/// <summary>
/// Turns the bus's post outcomes (failed, unconfirmed, missed, waiting for approval) into outbox rows. It listens to this
/// instance's own events only: the instance that committed the change queues it, and the outbox's unique key would
/// refuse a second copy anyway. The bus calls it off the publisher's path, and it only writes rows.
/// </summary>
public sealed partial class PostNotifications(
    EventBus bus, NotificationOutbox outbox, IDbContextFactory<SocialOpsDbContext> contexts, IOptions<NotificationOptions> options,
    ILogger<PostNotifications> logger) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.SubscribeLocal<PostStatusChanged>(async batch =>
        {
            foreach (var e in batch)
            {
                if (EventOf(e.Status) is { } name)
                {
                    try
                    {
                        await QueueAsync(name, e);
                    }
                    catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
                    {
                        LogQueueFailed(logger, name, e.PostId, ex);
                    }
                }
            }
        });
        return Task.CompletedTask;
    }

    public static string? EventOf(PostStatus status) => status switch
    {
        PostStatus.Failed => NotificationEvents.PostFailed,
        PostStatus.Unconfirmed => NotificationEvents.PostUnconfirmed,
        PostStatus.Missed => NotificationEvents.PostMissed,
        PostStatus.PendingApproval => NotificationEvents.ApprovalWaiting,
        _ => null,
    };

    private async Task QueueAsync(string name, PostStatusChanged e)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var post = await db.Posts.AsNoTracking().Where(p => p.Id == e.PostId)
            .Select(p => new { p.Content, p.StatusReason, p.ExternalUrl }).SingleOrDefaultAsync();
        if (post is null)
        {
            return;
        }

        var what = name switch
        {
            NotificationEvents.PostFailed => $"Post {e.PostId} on {e.Platform} failed",
            NotificationEvents.PostUnconfirmed => $"Post {e.PostId} on {e.Platform} is unconfirmed: check the platform before retrying",
            NotificationEvents.PostMissed => $"Post {e.PostId} on {e.Platform} was missed",
            _ => $"Post {e.PostId} on {e.Platform} waits for approval",
        };
        var reason = string.IsNullOrWhiteSpace(post.StatusReason) ? "" : $": {post.StatusReason}";
        var text = $"{what}{reason}.\n\n{post.Content}";
        var baseUrl = options.Value.PublicBaseUrl?.TrimEnd('/');
        var url = post.ExternalUrl ?? (baseUrl is null ? null : $"{baseUrl}/posts?post={e.PostId}");

        // The same change heard twice (relayed, or redelivered) has the same key; a later failure of the same post does not.
        var key = $"{name}:{e.PostId}:{e.At.UtcTicks}";
        await outbox.EnqueueAsync(new NotificationMessage(name, key, text, e.PostId, url, e.At));
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not queue the {Event} notification of post {PostId}")]
    private static partial void LogQueueFailed(ILogger logger, string @event, int postId, Exception exception);
}
