using Microsoft.EntityFrameworkCore.Diagnostics;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
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
        var snapshots = db.ChangeTracker.Entries<PostMetricSnapshot>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(s => s.PostId != 0 || s.Post is not null).ToList();
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

        var published = await PublishedAtAsync(db, snapshots, known, ct);
        // The hourly growth is worked out from what the database held before this save, before any total changes below.
        await ApplyDaysAsync(db, snapshots, totals, ct);

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
            else
            {
                var post = s.Post!;
                if (!fresh.TryGetValue(post, out total))
                {
                    total = new PostMetricTotal { Post = post, TakenAt = DateTimeOffset.MinValue };
                    db.Add(total);
                    fresh[post] = total;
                }
            }

            if (total.IsOlderThan(s))
            {
                total.CopyFrom(s);
            }

            total.ApplySevenDays(s, s.PostId != 0 ? published.GetValueOrDefault(s.PostId) : s.Post!.PublishedAt);
        }

        // The context detected its changes before this ran; the totals changed here are detected now.
        db.ChangeTracker.DetectChanges();
    }

    /// <summary>When each post with a new snapshot was published, from the tracked post or else the database.</summary>
    private static async Task<Dictionary<int, DateTimeOffset?>> PublishedAtAsync(DbContext db, List<PostMetricSnapshot> snapshots, List<int> known, CancellationToken ct)
    {
        var result = new Dictionary<int, DateTimeOffset?>();
        foreach (var post in snapshots.Where(s => s.PostId != 0 && s.Post is not null).Select(s => s.Post!))
        {
            result[post.Id] = post.PublishedAt;
        }

        foreach (var entry in db.ChangeTracker.Entries<Post>().Where(e => e.Entity.Id != 0))
        {
            result[entry.Entity.Id] = entry.Entity.PublishedAt;
        }

        var unread = known.Where(id => !result.ContainsKey(id)).ToList();
        if (unread.Count > 0)
        {
            foreach (var p in await db.Set<Post>().AsNoTracking().Where(p => unread.Contains(p.Id)).Select(p => new { p.Id, p.PublishedAt }).ToListAsync(ct))
            {
                result[p.Id] = p.PublishedAt;
            }
        }

        return result;
    }

    /// <summary>
    /// Adds each new snapshot's growth to its hour in <see cref="PostMetricDay"/>. A snapshot older than the post's newest
    /// (a late arrival) also takes its share from the growth of the snapshot that follows it, so the hours always equal
    /// the deltas of the snapshots in time order. Every value is set from the row as the database holds it, so a retried
    /// save does not count twice.
    /// </summary>
    private static async Task ApplyDaysAsync(DbContext db, List<PostMetricSnapshot> snapshots, Dictionary<int, PostMetricTotal> totals, CancellationToken ct)
    {
        var changes = new Dictionary<(object Post, DateOnly Day), long[]>();
        foreach (var group in snapshots.GroupBy(s => s.PostId != 0 ? (object)s.PostId : s.Post!))
        {
            var added = group.OrderBy(s => s.TakenAt).ToList();
            List<(DateTimeOffset TakenAt, long Engagements)> existing = [];
            if (group.Key is int postId && totals.TryGetValue(postId, out var total) && db.Entry(total).State != EntityState.Added)
            {
                var stored = db.Entry(total).OriginalValues;
                var newest = stored.GetValue<DateTimeOffset>(nameof(PostMetricTotal.TakenAt));
                existing = added[0].TakenAt > newest
                    ? [(newest, stored.GetValue<long>(nameof(PostMetricTotal.Likes)) + stored.GetValue<long>(nameof(PostMetricTotal.Comments))
                        + stored.GetValue<long>(nameof(PostMetricTotal.Shares)) + stored.GetValue<long>(nameof(PostMetricTotal.Saves))
                        + stored.GetValue<long>(nameof(PostMetricTotal.Clicks)))]
                    : [.. (await db.Set<PostMetricSnapshot>().AsNoTracking().Where(s => s.PostId == postId)
                            .Select(s => new { s.TakenAt, Engagements = s.Likes + s.Comments + s.Shares + s.Saves + s.Clicks }).ToListAsync(ct))
                        .Select(s => (s.TakenAt, s.Engagements)).OrderBy(s => s.TakenAt)];
            }

            foreach (var s in added)
            {
                var at = existing.FindLastIndex(e => e.TakenAt < s.TakenAt);
                var previous = at < 0 ? 0 : existing[at].Engagements;
                Add(group.Key, s.TakenAt, s.Engagements - previous);
                if (at + 1 < existing.Count)
                {
                    Add(group.Key, existing[at + 1].TakenAt, previous - s.Engagements);
                }

                existing.Insert(at + 1, (s.TakenAt, s.Engagements));
            }
        }

        var rows = new Dictionary<(object Post, DateOnly Day), PostMetricDay>();
        foreach (var entry in db.ChangeTracker.Entries<PostMetricDay>())
        {
            rows[(entry.Entity.PostId != 0 ? entry.Entity.PostId : (object)entry.Entity.Post!, entry.Entity.Day)] = entry.Entity;
        }

        var ids = changes.Keys.Where(k => k.Post is int && !rows.ContainsKey(k)).Select(k => (int)k.Post).Distinct().ToList();
        if (ids.Count > 0)
        {
            var days = changes.Keys.Where(k => k.Post is int).Select(k => k.Day).ToList();
            DateOnly from = days.Min(), to = days.Max();
            foreach (var row in await db.Set<PostMetricDay>().Where(d => ids.Contains(d.PostId) && d.Day >= from && d.Day <= to).ToListAsync(ct))
            {
                rows.TryAdd((row.PostId, row.Day), row);
            }
        }

        foreach (var ((post, day), change) in changes)
        {
            long[] before;
            if (rows.TryGetValue((post, day), out var row) && db.Entry(row).State != EntityState.Added)
            {
                var stored = db.Entry(row).OriginalValues;
                before = [.. PostMetricDay.HourColumns.Select(c => stored.GetValue<long>(c))];
            }
            else
            {
                before = new long[24];
                if (row is null)
                {
                    row = post is int id ? new PostMetricDay { PostId = id, Day = day } : new PostMetricDay { Post = (Post)post, Day = day };
                    db.Add(row);
                }
            }

            row.SetHours([.. before.Zip(change, (a, b) => a + b)]);
        }

        void Add(object post, DateTimeOffset takenAt, long growth)
        {
            var (day, hour) = PostMetricDay.BucketOf(takenAt);
            if (!changes.TryGetValue((post, day), out var hours))
            {
                changes[(post, day)] = hours = new long[24];
            }

            hours[hour] += growth;
        }
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
