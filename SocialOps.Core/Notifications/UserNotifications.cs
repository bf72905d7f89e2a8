using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Notifications;

/// <summary>Someone's notifications changed (one arrived, or some were read): their bell counts again. Ids only.</summary>
public sealed record UserNotificationsChanged(string UserId, DateTimeOffset At) : IEvent;

/// <summary>One notification as the centre and the API show it.</summary>
public sealed record UserNotificationView(long Id, string Event, string Text, int? PostId, string? Url, DateTimeOffset OccurredAt, bool Read);

/// <summary>Someone's newest notifications and how many of all of theirs are unread.</summary>
public sealed record MyNotifications(IReadOnlyList<UserNotificationView> Items, int Unread);

/// <summary>One event as someone has chosen to hear it (or the role's default, when they have not chosen).</summary>
public sealed record NotificationChoice(string Event, string Meaning, bool InApp, bool Email);

/// <summary>
/// A person's own notifications: their centre (reading it, marking it read) and their choices of which events reach
/// them in the app and by email. Everything acts on the actor's own rows only; an API token is no person and has none.
/// The rows themselves are written by <see cref="NotificationOutbox"/>, beside the channels' ones.
/// </summary>
public sealed class UserNotifications(
    IDbContextFactory<SocialOpsDbContext> contexts, EventBus bus, IOptions<NotificationOptions> options, TimeProvider time)
{
    public const int PageSize = 50;

    /// <summary>Whether email choices can take effect at all (an SMTP server is set).</summary>
    public bool EmailAvailable => options.Value.Smtp.IsConfigured;

    /// <summary>The person's newest notifications (at most <paramref name="take"/>) and their unread count.</summary>
    public async Task<MyNotifications> MineAsync(string userId, int take = PageSize, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var mine = db.Set<UserNotification>().AsNoTracking().Where(n => n.UserId == userId);
        var items = await mine.OrderByDescending(n => n.OccurredAt).ThenByDescending(n => n.Id).Take(Math.Clamp(take, 1, 200))
            .Select(n => new UserNotificationView(n.Id, n.Event, n.Text, n.PostId, n.Url, n.OccurredAt, n.ReadAt != null)).ToListAsync(ct);
        return new MyNotifications(items, await mine.CountAsync(n => n.ReadAt == null, ct));
    }

    public async Task<int> UnreadCountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<UserNotification>().CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
    }

    /// <summary>Marks the actor's own notifications read: those of <paramref name="ids"/>, or all when null; how many changed.</summary>
    public async Task<int> MarkReadAsync(Actor actor, IReadOnlyList<long>? ids, CancellationToken ct = default)
    {
        var userId = PersonOf(actor);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var unread = db.Set<UserNotification>().Where(n => n.UserId == userId && n.ReadAt == null);
        if (ids is not null)
        {
            var wanted = ids.Distinct().ToList();
            unread = unread.Where(n => wanted.Contains(n.Id));
        }

        var changed = await unread.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        if (changed > 0)
        {
            bus.Publish(new UserNotificationsChanged(userId, now));
        }

        return changed;
    }

    /// <summary>Every event the actor's role may hear, as they chose it or as their role has it by default.</summary>
    public async Task<IReadOnlyList<NotificationChoice>> ChoicesAsync(Actor actor, CancellationToken ct = default)
    {
        var userId = PersonOf(actor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var chosen = await db.Set<UserNotificationPreference>().AsNoTracking().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Event, ct);
        return [.. NotificationAudience.For(actor.Access).Select(e => chosen.TryGetValue(e.Name, out var p)
            ? new NotificationChoice(e.Name, e.Meaning, p.InApp, p.Email)
            : new NotificationChoice(e.Name, e.Meaning, NotificationAudience.InAppByDefault(e.Name, actor.Access), false))];
    }

    /// <summary>
    /// Stores the actor's choices for the events named (the others keep theirs); an event that is unknown, or that the
    /// actor's role may not hear, refuses the whole request.
    /// </summary>
    public async Task<ValidationErrors> SaveChoicesAsync(Actor actor, IReadOnlyList<NotificationChoiceRequest>? choices, CancellationToken ct = default)
    {
        var userId = PersonOf(actor);
        var errors = new ValidationErrors();
        var list = choices ?? [];
        if (list.Select(c => c.Event?.Trim()).Where(e => !NotificationEvents.IsKnown(e ?? "")).ToList() is { Count: > 0 } unknown)
        {
            errors.Add("events", $"Unknown events: {string.Join(", ", unknown.Select(e => string.IsNullOrEmpty(e) ? "(none)" : e))}. "
                + $"Known: {string.Join(", ", NotificationEvents.All.Select(e => e.Name))}.");
        }
        else if (list.Where(c => !NotificationAudience.MayHear(c.Event!.Trim(), actor.Access)).Select(c => c.Event!.Trim()).ToList() is { Count: > 0 } barred)
        {
            errors.Add("events", $"Your role ({actor.Access}) does not receive: {string.Join(", ", barred)}.");
        }
        else if (list.GroupBy(c => c.Event!.Trim()).Where(g => g.Count() > 1).Select(g => g.Key).ToList() is { Count: > 0 } twice)
        {
            errors.Add("events", $"Named more than once: {string.Join(", ", twice)}.");
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var names = list.Select(c => c.Event!.Trim()).ToList();
        var existing = await db.Set<UserNotificationPreference>().Where(p => p.UserId == userId && names.Contains(p.Event)).ToDictionaryAsync(p => p.Event, ct);
        foreach (var choice in list)
        {
            var name = choice.Event!.Trim();
            if (!existing.TryGetValue(name, out var row))
            {
                row = new UserNotificationPreference { UserId = userId, Event = name };
                db.Add(row);
            }

            (row.InApp, row.Email) = (choice.InApp, choice.Email);
        }

        await db.SaveChangesAsync(ct);
        return errors;
    }

    // Notifications belong to people: a token (no user id) has none, whatever its role.
    private static string PersonOf(Actor actor) =>
        actor.Require(Access.Analyst).UserId ?? throw new NotAPersonException();
}

/// <summary>One event's choice as the API and the page send it.</summary>
public sealed record NotificationChoiceRequest(string? Event, bool InApp, bool Email);

/// <summary>The actor is a token or the system, not a signed-in person: there is no centre or choice of theirs.</summary>
public sealed class NotAPersonException() : RefusedException("Notifications belong to a signed-in person; an API token has none.");
