using System.Text.Json;

namespace SocialOps.Core.Inbox;

public sealed record SavedView(int Id, string Name, InboxFilter Filter);

/// <summary>Filters a person saved on the inbox page, by name; each person sees only their own.</summary>
public sealed class InboxViews(IDbContextFactory<SocialOpsDbContext> contexts)
{
    public const int MaxNameLength = 100;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<SavedView>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.InboxViews.AsNoTracking().Where(v => v.UserId == userId).OrderBy(v => v.Name).ToListAsync(ct);
        return [.. rows.Select(v => new SavedView(v.Id, v.Name, JsonSerializer.Deserialize<InboxFilter>(v.Filter, Json) ?? new InboxFilter()))];
    }

    /// <summary>Saves (or replaces) the view of that name; returns why not, or null.</summary>
    public async Task<string?> SaveAsync(Actor actor, string? name, InboxFilter filter, CancellationToken ct = default)
    {
        if (actor.Require(Access.Analyst).UserId is not { } userId)
        {
            return "Only a signed-in person can save views.";
        }

        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            return $"Give the view a name of at most {MaxNameLength} characters.";
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var view = await db.InboxViews.SingleOrDefaultAsync(v => v.UserId == userId && v.Name == trimmed, ct);
        if (view is null)
        {
            db.InboxViews.Add(view = new InboxView { UserId = userId, Name = trimmed, Filter = "" });
        }

        view.Filter = JsonSerializer.Serialize(filter, Json);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        var userId = actor.Require(Access.Analyst).UserId;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.InboxViews.Where(v => v.UserId == userId && v.Id == id).ExecuteDeleteAsync(ct);
    }
}
