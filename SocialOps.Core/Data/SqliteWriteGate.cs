using System.Collections.Concurrent;

namespace SocialOps.Core.Data;

/// <summary>
/// One writer at a time per SQLite file within this process, in arrival order. SQLite allows one writer anyway; queueing
/// here hands the lock over the moment it is free, where SQLite's own busy wait polls with growing sleeps. Other
/// processes on the same file still meet SQLite's busy wait (<see cref="SqliteBusyWait"/>).
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static SemaphoreSlim For(string connectionString) => Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
}
