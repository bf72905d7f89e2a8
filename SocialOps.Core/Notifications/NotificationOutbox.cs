using Microsoft.Extensions.Logging;

namespace SocialOps.Core.Notifications;

/// <summary>
/// Writes an event into the outbox, once per channel that receives it; nothing is sent here, so whoever raised the
/// event (the scheduler, say) is never held up by a slow webhook. The (channel, event key) index refuses a second row
/// for the same event, so several instances hearing one event still queue it once.
/// </summary>
public sealed partial class NotificationOutbox(
    IDbContextFactory<SocialOpsDbContext> contexts, OutboxSignal signal, TimeProvider time, ILogger<NotificationOutbox> logger)
{
    /// <summary>Queues <paramref name="message"/> for every channel that receives its event; how many rows were new.</summary>
    public async Task<int> EnqueueAsync(NotificationMessage message, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var channels = (await db.Set<NotificationChannel>().AsNoTracking().ToListAsync(ct))
            .Where(c => c.Events.Contains(message.Event)).Select(c => c.Id).ToList();
        if (channels.Count == 0)
        {
            return 0;
        }

        var present = await db.Set<NotificationDelivery>()
            .Where(d => d.EventKey == message.Key && channels.Contains(d.ChannelId)).Select(d => d.ChannelId).ToListAsync(ct);
        var added = 0;
        foreach (var channelId in channels.Except(present))
        {
            // One row per save: a row another instance inserted meanwhile is refused by the unique index alone.
            db.ChangeTracker.Clear();
            db.Add(Row(channelId, message));
            if (await db.TrySaveAsync(duplicatesConflict: true, ct))
            {
                added++;
            }
        }

        LogQueued(logger, message.Event, message.Key, added);
        if (added > 0)
        {
            signal.Raise();
        }

        return added;
    }

    private NotificationDelivery Row(int channelId, NotificationMessage m)
    {
        var now = time.GetUtcNow();
        return new NotificationDelivery
        {
            ChannelId = channelId,
            EventKey = m.Key,
            Event = m.Event,
            Text = m.Text.Length > 4000 ? m.Text[..4000] : m.Text,
            PostId = m.PostId,
            Url = m.Url,
            OccurredAt = m.OccurredAt,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notification {Event} ({Key}) queued for {Count} channels")]
    private static partial void LogQueued(ILogger logger, string @event, string key, int count);
}
