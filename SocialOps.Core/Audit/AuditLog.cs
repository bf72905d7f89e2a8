using System.Text.Json;

namespace SocialOps.Core.Audit;

public sealed record AuditFilter(string? Action = null, string? Actor = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Appends audit entries. Entries are never changed or removed (the context refuses it).</summary>
public sealed class AuditLog(IDbContextFactory<SocialOpsDbContext> contexts, TimeProvider time)
{
    // Enums by name ("platform": "Mastodon"), so the log reads without the code beside it.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Adds an entry to a unit of work the caller saves, so the change and its record commit together.</summary>
    public void Add(SocialOpsDbContext db, Actor actor, string action, string? entityType = null, string? entityId = null, object? details = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor.Name,
            UserId = actor.UserId,
            RemoteIp = actor.RemoteIp,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Details = details is null ? null : JsonSerializer.Serialize(details, Json),
        });

    /// <summary>Writes one entry on its own.</summary>
    public async Task WriteAsync(Actor actor, string action, string? entityType = null, string? entityId = null, object? details = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        Add(db, actor, action, entityType, entityId, details);
        await db.SaveChangesAsync(ct);
    }

    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> ListAsync(AuditFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking()
            .WhereIf(!string.IsNullOrWhiteSpace(filter.Action), a => a.Action.StartsWith(filter.Action!.Trim()))
            .WhereIf(!string.IsNullOrWhiteSpace(filter.Actor), a => a.Actor.Contains(filter.Actor!.Trim()))
            .WhereIf(filter.From is not null, a => a.At >= filter.From)
            .WhereIf(filter.To is not null, a => a.At < filter.To);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(skip).Take(take).ToListAsync(ct);
        return (items, total);
    }
}
