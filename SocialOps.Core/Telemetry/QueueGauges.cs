using System.Diagnostics.Metrics;
using SocialOps.Core.Content;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Telemetry;

/// <summary>
/// The gauges that count rows: posts due within the hour, late and awaiting a check; open inbox items by priority; each
/// connection's ingestion lag and token expiry. One short read serves every gauge of one collection (a scrape asks each
/// gauge in turn), and nothing is read when nobody collects.
/// </summary>
public sealed class QueueGauges(
    IDbContextFactory<SocialOpsDbContext> dbFactory, ConnectionStore connections, IOptions<SchedulingOptions> scheduling, TimeProvider time)
{
    // Longer than one collection takes, shorter than any scrape interval worth having.
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private Snapshot? _last;

    public IEnumerable<Measurement<long>> DueNextHour() => [new(Read().DueNextHour)];

    public IEnumerable<Measurement<long>> Late() => [new(Read().Late)];

    public IEnumerable<Measurement<long>> AwaitingCheck()
    {
        var s = Read();
        return [new(s.Unconfirmed, Tag("status", "unconfirmed")), new(s.Missed, Tag("status", "missed"))];
    }

    public IEnumerable<Measurement<long>> OpenInbox()
    {
        var open = Read().OpenByPriority;
        return Enum.GetValues<ResponsePriority>().Select(p =>
            new Measurement<long>(open.GetValueOrDefault(p), Tag("priority", p.ToString().ToLowerInvariant())));
    }

    public IEnumerable<Measurement<double>> IngestionLag()
    {
        var s = Read();
        return s.Connections.Where(c => c.Ingests).Select(c => new Measurement<double>(
            Math.Max(0, (s.At - (c.LastReadAt ?? c.CreatedAt)).TotalSeconds), ConnectionTags(c)));
    }

    public IEnumerable<Measurement<double>> TokenExpiry()
    {
        var s = Read();
        return s.Connections.Where(c => c.TokenExpiresAt is not null).Select(c => new Measurement<double>(
            (c.TokenExpiresAt!.Value - s.At).TotalSeconds, ConnectionTags(c)));
    }

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    private static KeyValuePair<string, object?>[] ConnectionTags(ConnectionGauge c) =>
        [Tag("connection", c.Id.ToString(CultureInfo.InvariantCulture)), Tag("platform", c.Platform)];

    private Snapshot Read()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < Reuse)
            {
                return last;
            }

            using var db = dbFactory.CreateDbContext();
            var end = now.AddHours(1);
            var lateBefore = now - scheduling.Value.ClockSkew;
            var due = db.Posts.LongCount(p => p.Status == PostStatus.Scheduled && p.ScheduledFor >= now && p.ScheduledFor < end);
            var late = db.Posts.LongCount(p => p.Status == PostStatus.Scheduled && p.ScheduledFor < lateBefore);
            var unconfirmed = db.Posts.LongCount(p => p.Status == PostStatus.Unconfirmed);
            var missed = db.Posts.LongCount(p => p.Status == PostStatus.Missed);
            var open = db.Interactions.Where(i => i.State == HandledState.Open)
                .GroupBy(i => i.Priority)
                .Select(g => new { Priority = g.Key, Count = g.LongCount() })
                .ToDictionary(g => g.Priority, g => g.Count);
            var accounts = db.PlatformAccounts.AsNoTracking().Where(a => a.RemovedAt == null && a.IsActive).OrderBy(a => a.Id).ToList();
            var gauges = accounts.Select(a => new ConnectionGauge(a.Id, SocialOpsMeter.PlatformTag(a.Platform), a.CreatedAt, a.LastSyncedAt,
                !a.IsPaused && !a.PublishesToSandbox, a.PublishesToSandbox ? null : connections.TokenOf(a).ExpiresAt)).ToList();
            _last = new Snapshot(now, due, late, unconfirmed, missed, open, gauges);
            return _last;
        }
    }

    private sealed record ConnectionGauge(int Id, string Platform, DateTimeOffset CreatedAt, DateTimeOffset? LastReadAt, bool Ingests, DateTimeOffset? TokenExpiresAt);

    private sealed record Snapshot(
        DateTimeOffset At, long DueNextHour, long Late, long Unconfirmed, long Missed, Dictionary<ResponsePriority, long> OpenByPriority,
        List<ConnectionGauge> Connections);
}
