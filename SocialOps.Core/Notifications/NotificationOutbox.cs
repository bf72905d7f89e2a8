using Microsoft.Extensions.Logging;
using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Notifications;

/// <summary>
/// Writes an event into the outbox, once per channel that receives it, and into the notification centre (and, for
/// those who asked, the outbox again, to their own address) of every person who chose it and may hear it
/// (<see cref="NotificationAudience"/>). Nothing is sent here, so whoever raised the event (the scheduler, say) is never
/// held up by a slow webhook or mail server. The (channel, event key) and (user, event key) indexes refuse a second row
/// for the same event, so several instances hearing one event still store it once per channel and person.
/// </summary>
public sealed partial class NotificationOutbox(
    IDbContextFactory<SocialOpsDbContext> contexts, OutboxSignal signal, EventBus bus, IOptions<NotificationOptions> options, TimeProvider time,
    ILogger<NotificationOutbox> logger)
{
    /// <summary>Queues <paramref name="message"/> for every channel and person that receives it; how many outbox rows were new.</summary>
    public async Task<int> EnqueueAsync(NotificationMessage message, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var channels = (await db.Set<NotificationChannel>().AsNoTracking().ToListAsync(ct))
            .Where(c => c.Events.Contains(message.Event)).Select(c => c.Id).ToList();
        var present = await db.Set<NotificationDelivery>()
            .Where(d => d.EventKey == message.Key && d.ChannelId != null && channels.Contains(d.ChannelId.Value)).Select(d => d.ChannelId!.Value).ToListAsync(ct);
        var added = 0;
        foreach (var channelId in channels.Except(present))
        {
            // One row per save: a row another instance inserted meanwhile is refused by the unique index alone.
            if (await TryAddAsync(db, Row(message, channelId, null), ct))
            {
                added++;
            }
        }

        var people = await PeopleAsync(db, message, ct);
        var notified = new List<string>();
        foreach (var person in people.Where(p => p.InApp))
        {
            if (await TryAddAsync(db, Notification(message, person.UserId), ct))
            {
                notified.Add(person.UserId);
            }
        }

        foreach (var person in people.Where(p => p.Email))
        {
            if (await TryAddAsync(db, Row(message, null, person.UserId), ct))
            {
                added++;
            }
        }

        LogQueued(logger, message.Event, message.Key, added, notified.Count);
        if (added > 0)
        {
            signal.Raise();
        }

        // Each row is committed by now: the bells of those people count again, on every instance.
        foreach (var userId in notified)
        {
            bus.Publish(new UserNotificationsChanged(userId, time.GetUtcNow()));
        }

        return added;
    }

    private static async Task<bool> TryAddAsync(SocialOpsDbContext db, object row, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        db.Add(row);
        return await db.TrySaveAsync(duplicatesConflict: true, ct);
    }

    private sealed record Person(string UserId, bool InApp, bool Email);

    /// <summary>The people who hear the event: their role may hear it, and they chose it (or their role's default has it).</summary>
    private async Task<List<Person>> PeopleAsync(SocialOpsDbContext db, NotificationMessage message, CancellationToken ct)
    {
        if (!NotificationEvents.IsKnown(message.Event))
        {
            return [];
        }

        var now = time.GetUtcNow();
        var users = await db.Users.AsNoTracking().Where(u => u.LockoutEnd == null || u.LockoutEnd <= now)
            .Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct))
            .GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)[.. g.Select(x => x.Name!)]);
        var chosen = await db.Set<UserNotificationPreference>().AsNoTracking().Where(p => p.Event == message.Event).ToDictionaryAsync(p => p.UserId, ct);
        var author = message.PostId is { } postId
            ? await db.Posts.AsNoTracking().Where(p => p.Id == postId).Select(p => p.CreatedById).SingleOrDefaultAsync(ct)
            : null;
        var emailWorks = options.Value.Smtp.IsConfigured;

        var people = new List<Person>();
        foreach (var user in users)
        {
            var access = NotificationAudience.AccessOf(roles.GetValueOrDefault(user.Id) ?? []);
            if (!NotificationAudience.MayHear(message.Event, access)
                || (NotificationAudience.OwnPostsOnly(message.Event, access) && author != user.Id))
            {
                continue;
            }

            var (inApp, email) = chosen.TryGetValue(user.Id, out var p) ? (p.InApp, p.Email) : (NotificationAudience.InAppByDefault(message.Event, access), false);
            email = email && emailWorks && !string.IsNullOrWhiteSpace(user.Email);
            if (inApp || email)
            {
                people.Add(new Person(user.Id, inApp, email));
            }
        }

        return people;
    }

    private NotificationDelivery Row(NotificationMessage m, int? channelId, string? userId)
    {
        var now = time.GetUtcNow();
        return new NotificationDelivery
        {
            ChannelId = channelId,
            UserId = userId,
            EventKey = m.Key,
            Event = m.Event,
            Text = Clip(m.Text),
            PostId = m.PostId,
            Url = m.Url,
            OccurredAt = m.OccurredAt,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    private UserNotification Notification(NotificationMessage m, string userId) => new()
    {
        UserId = userId,
        EventKey = m.Key,
        Event = m.Event,
        Text = Clip(m.Text),
        PostId = m.PostId,
        Url = m.Url,
        OccurredAt = m.OccurredAt,
        CreatedAt = time.GetUtcNow(),
    };

    private static string Clip(string text) => text.Length > 4000 ? text[..4000] : text;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notification {Event} ({Key}) queued as {Count} outbox rows and {People} centre rows")]
    private static partial void LogQueued(ILogger logger, string @event, string key, int count, int people);
}
