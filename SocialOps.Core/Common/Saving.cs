namespace SocialOps.Core.Common;

/// <summary>Saving a unit of work whose rows another writer may have changed since they were read.</summary>
public static class Saving
{
    /// <summary>Saves; false when a row changed meanwhile (its version moved on), and then nothing was saved.</summary>
    public static Task<bool> TrySaveAsync(this DbContext db, CancellationToken ct = default) => db.TrySaveAsync(false, ct);

    /// <summary>
    /// As <see cref="TrySaveAsync(DbContext, CancellationToken)"/>; with <paramref name="duplicatesConflict"/>, a row
    /// that a unique index already holds counts as the same conflict (two runs claiming one thing).
    /// </summary>
    public static async Task<bool> TrySaveAsync(this DbContext db, bool duplicatesConflict, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (duplicatesConflict || ex is DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>Saves, or refuses with a <see cref="ConflictException"/> carrying <paramref name="message"/> when a row changed meanwhile.</summary>
    public static async Task SaveOrConflictAsync(this DbContext db, string message, CancellationToken ct = default)
    {
        if (!await db.TrySaveAsync(ct))
        {
            throw new ConflictException(message);
        }
    }
}
