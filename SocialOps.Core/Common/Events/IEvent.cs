namespace SocialOps.Core.Common.Events;

/// <summary>
/// A fact announced on the <see cref="EventBus"/> once it is committed. Events are small records of plain values (ids,
/// names, instants; no entity graphs, no delegates), so they can be carried between instances as they are.
/// </summary>
public interface IEvent
{
    DateTimeOffset At { get; }
}

/// <summary>An entity that raises events as its state changes; they are taken and published once its save commits.</summary>
public interface IHasEvents
{
    /// <summary>The events raised since the last save; <paramref name="before"/> is the entity's state before this one.</summary>
    IReadOnlyList<IEvent> TakeEvents(Microsoft.EntityFrameworkCore.EntityState before);
}

/// <summary>
/// A feature's reading of a save: what it is about to write, turned into events once it is committed (when the ids of
/// added rows are known). Registered as a singleton; called for every save of the one context.
/// </summary>
public interface ISaveEvents
{
    /// <summary>Called before the save; returns what to announce after it commits, or null for nothing.</summary>
    Func<IEnumerable<IEvent>>? Inspect(Microsoft.EntityFrameworkCore.DbContext db);
}

/// <summary>
/// Live updates were paused (every 30 s while they are) or have just resumed: events may have been missed, so whatever
/// a subscriber shows should be read again. Delivered by the <see cref="EventBus"/> to every subscription on this
/// instance (typed ones get an empty batch), through its throttle; never carried to other instances.
/// </summary>
public sealed record LiveUpdatesResync(DateTimeOffset At) : IEvent;
