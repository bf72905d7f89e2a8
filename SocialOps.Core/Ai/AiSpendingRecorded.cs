using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Ai;

/// <summary>Calls to the model provider were recorded with their cost (what the monthly budget counts).</summary>
public sealed record AiSpendingRecorded(DateTimeOffset At) : IEvent;

/// <summary>Announces recorded AI spending once it is stored.</summary>
internal sealed class AiSpendingEvents(TimeProvider time) : ISaveEvents
{
    public Func<IEnumerable<IEvent>>? Inspect(DbContext db)
    {
        if (!db.ChangeTracker.Entries<AiGenerationUsage>().Any(e => e.State == EntityState.Added))
        {
            return null;
        }

        var at = time.GetUtcNow();
        return () => [new AiSpendingRecorded(at)];
    }
}
