using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SocialOps.Core.Common.Events;

/// <summary>
/// The one place events are published from: every save collects the events of the entities it writes
/// (<see cref="IHasEvents"/>) and of the features that read saves (<see cref="ISaveEvents"/>), and they go on the bus
/// once the data is committed: at once for a save of its own, at the commit of the caller's transaction otherwise.
/// A save or transaction that fails announces nothing.
/// </summary>
public sealed class AfterCommit(EventBus bus, IEnumerable<ISaveEvents> readers) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ISaveEvents[] _readers = [.. readers];
    private readonly ConditionalWeakTable<DbContext, Save> _saves = [];
    private readonly ConditionalWeakTable<DbContext, List<IEvent>> _uncommitted = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Inspect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Inspect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    // A transaction that starts drops whatever an earlier one, disposed without a commit, left behind.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Discard(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Discard(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Inspect(DbContext? db)
    {
        if (db is null)
        {
            return;
        }

        var entities = db.ChangeTracker.Entries().Where(e => e.Entity is IHasEvents).Select(e => ((IHasEvents)e.Entity, e.State)).ToList();
        var later = _readers.Select(r => r.Inspect(db)).OfType<Func<IEnumerable<IEvent>>>().ToList();
        _saves.AddOrUpdate(db, new Save(entities, later));
    }

    private void Saved(DbContext? db)
    {
        if (db is null || !_saves.TryGetValue(db, out var save))
        {
            return;
        }

        _saves.Remove(db);
        var events = save.Entities.SelectMany(e => e.Entity.TakeEvents(e.State)).Concat(save.Later.SelectMany(l => l())).ToList();
        if (events.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            Publish(events);
        }
        else
        {
            _uncommitted.GetOrCreateValue(db).AddRange(events);
        }
    }

    private void Forget(DbContext? db)
    {
        if (db is not null)
        {
            _saves.Remove(db);
        }
    }

    private void Flush(DbContext? db)
    {
        if (db is not null && _uncommitted.TryGetValue(db, out var events))
        {
            _uncommitted.Remove(db);
            Publish(events);
        }
    }

    private void Discard(DbContext? db)
    {
        if (db is not null)
        {
            _uncommitted.Remove(db);
        }
    }

    private void Publish(List<IEvent> events)
    {
        foreach (var e in events)
        {
            bus.Publish(e);
        }
    }

    private sealed record Save(List<(IHasEvents Entity, EntityState State)> Entities, List<Func<IEnumerable<IEvent>>> Later);
}
