using SocialOps.Core.Common.Events;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Inbox;

/// <summary>New comments, replies or mentions stored (with their analysis) for a connection, or for none (the Sandbox, an import).</summary>
public sealed record InteractionsArrived(int? AccountId, Platform Platform, IReadOnlyList<long> InteractionIds, DateTimeOffset At) : IEvent;

/// <summary>
/// Items the team acted on (replied, handled, escalated, reopened, assigned, re-analysed, corrected); open inboxes
/// reload them. <see cref="Change"/> is the action's name, e.g. <c>replied</c>.
/// </summary>
public sealed record InteractionsChanged(IReadOnlyList<long> InteractionIds, string Change, DateTimeOffset At) : IEvent;

/// <summary>
/// An item given to a teammate (<see cref="AssigneeId"/>, a user id) by <see cref="By"/> (a name to show; <see cref="ById"/>
/// their user id, null for the system): the assignee's open pages tell them.
/// </summary>
public sealed record InteractionAssigned(long InteractionId, string AssigneeId, string? ById, string By, DateTimeOffset At) : IEvent;

/// <summary>Announces the items a save adds, by connection, once their ids are known.</summary>
internal sealed class ArrivalEvents(TimeProvider time) : ISaveEvents
{
    public Func<IEnumerable<IEvent>>? Inspect(DbContext db)
    {
        var added = db.ChangeTracker.Entries<Interaction>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
        {
            return null;
        }

        var at = time.GetUtcNow();
        return () => added.GroupBy(i => (i.AccountId, i.Platform))
            .Select(g => new InteractionsArrived(g.Key.AccountId, g.Key.Platform, [.. g.Select(i => i.Id)], at));
    }
}
