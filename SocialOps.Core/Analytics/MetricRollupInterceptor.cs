using Microsoft.EntityFrameworkCore.Diagnostics;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Inbox;

namespace SocialOps.Core.Analytics;

/// <summary>
/// Keeps <see cref="PostMetricTotal"/> up to date inside the very save that adds snapshots (so the roll-up can never
/// lag or half-apply), whoever writes them, and copies each comment's instant onto its analysis (see
/// <see cref="SentimentResult.ReceivedAt"/>).
/// </summary>
public sealed class MetricRollupInterceptor : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            await ApplyAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db)
        {
            ApplyAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    private static async Task ApplyAsync(DbContext db, CancellationToken ct)
    {
        await StampCommentTimesAsync(db, ct);
        var snapshots = db.ChangeTracker.Entries<PostMetricSnapshot>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (snapshots.Count == 0)
        {
            return;
        }

        // Snapshots of posts saved in the same batch have no id yet: they are matched by their Post object.
        var known = snapshots.Where(s => s.PostId != 0).Select(s => s.PostId).Distinct().ToList();
        // Rows this context already tracks (a retried save) come first; the rest are read from the database.
        var totals = db.ChangeTracker.Entries<PostMetricTotal>().Where(e => e.Entity.PostId != 0).ToDictionary(e => e.Entity.PostId, e => e.Entity);
        var missing = known.Where(id => !totals.ContainsKey(id)).ToList();
        foreach (var t in missing.Count == 0 ? [] : await db.Set<PostMetricTotal>().Where(t => missing.Contains(t.PostId)).ToListAsync(ct))
        {
            totals[t.PostId] = t;
        }
        var fresh = new Dictionary<object, PostMetricTotal>(ReferenceEqualityComparer.Instance);
        foreach (var s in snapshots)
        {
            PostMetricTotal? total;
            if (s.PostId != 0)
            {
                if (!totals.TryGetValue(s.PostId, out total))
                {
                    total = new PostMetricTotal { PostId = s.PostId, TakenAt = DateTimeOffset.MinValue };
                    db.Add(total);
                    totals[s.PostId] = total;
                }
            }
            else if (s.Post is { } post)
            {
                if (!fresh.TryGetValue(post, out total))
                {
                    total = new PostMetricTotal { Post = post, TakenAt = DateTimeOffset.MinValue };
                    db.Add(total);
                    fresh[post] = total;
                }
            }
            else
            {
                continue;
            }

            if (total.IsOlderThan(s))
            {
                total.CopyFrom(s);
            }
        }

        // The context detected its changes before this ran; the totals changed here are detected now.
        db.ChangeTracker.DetectChanges();
    }

    private static async Task StampCommentTimesAsync(DbContext db, CancellationToken ct)
    {
        var stale = db.ChangeTracker.Entries<SentimentResult>()
            .Where(e => e.Entity.Interaction is { } interaction
                ? e.State is not EntityState.Deleted && e.Entity.ReceivedAt != interaction.ReceivedAt
                : e.State is EntityState.Added)
            .ToList();
        if (stale.Count == 0)
        {
            return;
        }

        // An analysis saved by its interaction's id alone, the interaction not loaded: its instant is read.
        var unloaded = stale.Where(e => e.Entity.Interaction is null).Select(e => e.Entity.InteractionId).Distinct().ToList();
        var instants = unloaded.Count == 0
            ? []
            : await db.Set<Interaction>().AsNoTracking().Where(i => unloaded.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.ReceivedAt, ct);
        foreach (var entry in stale)
        {
            var at = entry.Entity.Interaction?.ReceivedAt ?? (instants.TryGetValue(entry.Entity.InteractionId, out var read) ? read : entry.Entity.ReceivedAt);
            if (at != entry.Entity.ReceivedAt)
            {
                entry.Property(s => s.ReceivedAt).CurrentValue = at;
            }
        }
    }
}

/// <summary>Announces new numbers once stored: post counters, comments or follower counts (see <see cref="MetricsChanged"/>).</summary>
internal sealed class MetricEvents(TimeProvider time) : ISaveEvents
{
    public Func<IEnumerable<IEvent>>? Inspect(DbContext db)
    {
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var kind = added.Any(e => e is PostMetricSnapshot) ? "metrics"
            : added.Any(e => e is Interaction or SentimentResult) ? "comments"
            : added.Any(e => e is FollowerSnapshot) ? "followers"
            : null;
        if (kind is null)
        {
            return null;
        }

        var at = time.GetUtcNow();
        return () => [new MetricsChanged(kind, at)];
    }
}
