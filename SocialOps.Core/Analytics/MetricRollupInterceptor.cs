using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>
/// Keeps <see cref="PostMetricTotal"/> and <see cref="PostMetricDay"/> up to date inside the very save that adds
/// snapshots (so the roll-up can never lag or half-apply), whoever writes them, and copies each comment's instant onto
/// its analysis (see <see cref="SentimentResult.ReceivedAt"/>). The per-account sums (<see cref="AccountMetricDay"/>)
/// are shared by every post of an account, so they are not set but incremented in SQL just before the save's
/// transaction commits: two instances saving posts of the same account at once both count.
/// </summary>
public sealed class MetricRollupInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Adds one account's hourly growth to its day's row, creating the row if it is the day's first.</summary>
    internal static readonly string AccountUpsertSql = UpsertSql();

    private static string UpsertSql()
    {
        static string Quoted(string name) => '"' + name + '"';
        var hours = HourlyGrowth.HourColumns;
        return $"INSERT INTO {Quoted("AccountMetricDays")} ({Quoted("Day")}, {Quoted("Platform")}, {Quoted("AccountId")}, {string.Join(", ", hours.Select(Quoted))}) "
               + $"VALUES (@day, @platform, @account, {string.Join(", ", hours.Select(c => "@" + c))}) "
               + $"ON CONFLICT ({Quoted("Day")}, {Quoted("Platform")}, {Quoted("AccountId")}) DO UPDATE SET "
               + string.Join(", ", hours.Select(c => $"{Quoted(c)} = {Quoted("AccountMetricDays")}.{Quoted(c)} + excluded.{Quoted(c)}"));
    }

    /// <summary>Per context: the account growth of the save under way, and of earlier saves in the caller's open transaction.</summary>
    private readonly ConditionalWeakTable<DbContext, AccountGrowth> _growth = [];

    private sealed class AccountGrowth
    {
        public Dictionary<(DateOnly Day, Platform Platform, int AccountId), long[]> Save { get; set; } = [];
        public Dictionary<(DateOnly Day, Platform Platform, int AccountId), long[]> Transaction { get; } = [];
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            Pending(db, await ApplyAsync(db, cancellationToken));
        }

        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db)
        {
            Pending(db, ApplyAsync(db, CancellationToken.None).GetAwaiter().GetResult());
        }

        return result;
    }

    private void Pending(DbContext db, Dictionary<(DateOnly, Platform, int), long[]> growth)
    {
        if (growth.Count == 0 && !_growth.TryGetValue(db, out _))
        {
            return;
        }

        _growth.GetOrCreateValue(db).Save = growth;
        if (growth.Count > 0)
        {
            // The increments ride on the save's transaction, so the save must have one even if it is a single statement.
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SavedAsync(eventData.Context, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await SavedAsync(eventData.Context, sync: false, cancellationToken);
        return result;
    }

    /// <summary>A save inside the caller's transaction hands its growth on to that transaction's commit.</summary>
    private async Task SavedAsync(DbContext? db, bool sync, CancellationToken ct)
    {
        if (db is null || !_growth.TryGetValue(db, out var growth) || growth.Save.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is { } open)
        {
            Merge(growth.Transaction, growth.Save);
            growth.Save = [];
        }
        else
        {
            // Only if the save ran without any transaction (it is made to have one): the increments follow it at once.
            var connection = db.Database.GetDbConnection();
            var rows = growth.Save;
            growth.Save = [];
            await WriteAsync(connection, null, rows, sync, ct);
        }
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context, transactionToo: false);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, transactionToo: false);
        return Task.CompletedTask;
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        CommittingAsync(transaction, eventData.Context, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await CommittingAsync(transaction, eventData.Context, sync: false, cancellationToken);
        return result;
    }

    private async Task CommittingAsync(DbTransaction transaction, DbContext? db, bool sync, CancellationToken ct)
    {
        if (db is null || !_growth.TryGetValue(db, out var growth))
        {
            return;
        }

        Merge(growth.Transaction, growth.Save);
        growth.Save = [];
        if (growth.Transaction.Count > 0)
        {
            var rows = new Dictionary<(DateOnly, Platform, int), long[]>(growth.Transaction);
            growth.Transaction.Clear();
            await WriteAsync(transaction.Connection!, transaction, rows, sync, ct);
        }
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context, transactionToo: true);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, transactionToo: true);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context, transactionToo: true);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, transactionToo: true);
        return Task.CompletedTask;
    }

    // A transaction that starts drops what an earlier one, disposed without a commit, left behind (not the save under way).
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        ForgetTransaction(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        ForgetTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void ForgetTransaction(DbContext? db)
    {
        if (db is not null && _growth.TryGetValue(db, out var growth))
        {
            growth.Transaction.Clear();
        }
    }

    private void Forget(DbContext? db, bool transactionToo)
    {
        if (db is not null && _growth.TryGetValue(db, out var growth))
        {
            growth.Save = [];
            if (transactionToo)
            {
                growth.Transaction.Clear();
            }
        }
    }

    private static void Merge(Dictionary<(DateOnly, Platform, int), long[]> into, Dictionary<(DateOnly, Platform, int), long[]> more)
    {
        foreach (var (key, hours) in more)
        {
            if (into.TryGetValue(key, out var sum))
            {
                into[key] = [.. sum.Zip(hours, (a, b) => a + b)];
            }
            else
            {
                into[key] = hours;
            }
        }
    }

    /// <summary>The increments, in key order (two transactions touching the same rows take their locks in the same order).</summary>
    internal static async Task WriteAsync(DbConnection connection, DbTransaction? transaction, Dictionary<(DateOnly Day, Platform Platform, int AccountId), long[]> rows, bool sync, CancellationToken ct)
    {
        foreach (var ((day, platform, account), hours) in rows.OrderBy(r => r.Key.Day).ThenBy(r => r.Key.Platform).ThenBy(r => r.Key.AccountId))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = AccountUpsertSql;
            Add("@day", day);
            Add("@platform", platform.ToString());
            Add("@account", account);
            for (var h = 0; h < 24; h++)
            {
                Add("@" + HourlyGrowth.HourColumns[h], hours[h]);
            }

            if (sync)
            {
                command.ExecuteNonQuery();
            }
            else
            {
                await command.ExecuteNonQueryAsync(ct);
            }

            void Add(string name, object value)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
        }
    }

    /// <summary>Sets the per-post roll-ups for the save's new snapshots; returns how much each account's days grew with them.</summary>
    private static async Task<Dictionary<(DateOnly, Platform, int), long[]>> ApplyAsync(DbContext db, CancellationToken ct)
    {
        await StampCommentTimesAsync(db, ct);
        var snapshots = db.ChangeTracker.Entries<PostMetricSnapshot>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(s => s.PostId != 0 || s.Post is not null).ToList();
        if (snapshots.Count == 0)
        {
            return [];
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

        var posts = await PostsAsync(db, snapshots, known, ct);
        // The hourly growth is worked out from what the database held before this save, before any total changes below.
        var growth = await ApplyDaysAsync(db, snapshots, totals, ct);

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

            total.ApplySevenDays(s, s.PostId != 0 ? posts.GetValueOrDefault(s.PostId)?.PublishedAt : s.Post!.PublishedAt);
        }

        // The context detected its changes before this ran; the totals changed here are detected now.
        db.ChangeTracker.DetectChanges();

        var accounts = new Dictionary<(DateOnly, Platform, int), long[]>();
        foreach (var ((post, day), hours) in growth)
        {
            var (platform, account) = post is Post p ? (p.Platform, p.AccountId) : posts.TryGetValue((int)post, out var facts) ? (facts.Platform, facts.AccountId) : (default(Platform?), default(int?));
            if (platform is null)
            {
                continue;
            }

            var key = (day, platform.Value, account ?? 0);
            accounts[key] = accounts.TryGetValue(key, out var sum) ? [.. sum.Zip(hours, (a, b) => a + b)] : hours;
        }

        return accounts;
    }

    private sealed record PostFacts(DateTimeOffset? PublishedAt, Platform? Platform, int? AccountId);

    /// <summary>When each post with a new snapshot was published and where, from the tracked post or else the database.</summary>
    private static async Task<Dictionary<int, PostFacts>> PostsAsync(DbContext db, List<PostMetricSnapshot> snapshots, List<int> known, CancellationToken ct)
    {
        var result = new Dictionary<int, PostFacts>();
        foreach (var post in snapshots.Where(s => s.PostId != 0 && s.Post is not null).Select(s => s.Post!))
        {
            result[post.Id] = new(post.PublishedAt, post.Platform, post.AccountId);
        }

        foreach (var entry in db.ChangeTracker.Entries<Post>().Where(e => e.Entity.Id != 0))
        {
            result[entry.Entity.Id] = new(entry.Entity.PublishedAt, entry.Entity.Platform, entry.Entity.AccountId);
        }

        var unread = known.Where(id => !result.ContainsKey(id)).ToList();
        if (unread.Count > 0)
        {
            foreach (var p in await db.Set<Post>().AsNoTracking().Where(p => unread.Contains(p.Id)).Select(p => new { p.Id, p.PublishedAt, p.Platform, p.AccountId }).ToListAsync(ct))
            {
                result[p.Id] = new(p.PublishedAt, p.Platform, p.AccountId);
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
    private static async Task<Dictionary<(object Post, DateOnly Day), long[]>> ApplyDaysAsync(
        DbContext db, List<PostMetricSnapshot> snapshots, Dictionary<int, PostMetricTotal> totals, CancellationToken ct)
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
                before = [.. HourlyGrowth.HourColumns.Select(c => stored.GetValue<long>(c))];
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

        return changes;

        void Add(object post, DateTimeOffset takenAt, long growth)
        {
            var (day, hour) = HourlyGrowth.BucketOf(takenAt);
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
