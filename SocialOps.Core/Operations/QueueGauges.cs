using System.Diagnostics.Metrics;
using SocialOps.Core.Content;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Telemetry;

namespace SocialOps.Core.Operations;

/// <summary>
/// The gauges that count rows: posts due within the hour, late and awaiting a check; open inbox items by priority; each
/// connection's ingestion lag and token expiry. One short read serves every gauge of one collection (a scrape asks each
/// gauge in turn), and nothing is read when nobody collects.
/// </summary>
public sealed class QueueGauges(
    IDbContextFactory<SocialOpsDbContext> dbFactory, ConnectionStore connections, IOptions<SchedulingOptions> scheduling, TimeProvider time)
    : IGaugeSource
{
    // Longer than one collection takes, shorter than any scrape interval worth having.
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private Snapshot? _last;

    public void Register(Meter meter)
    {
        meter.CreateObservableGauge("socialops.posts.due_next_hour", DueNextHour,
            description: "Scheduled posts due within the next hour.");
        meter.CreateObservableGauge("socialops.posts.late", Late,
            description: "Scheduled posts whose instant has passed (beyond the allowed clock skew) and that have not gone out.");
        meter.CreateObservableGauge("socialops.posts.awaiting_check", AwaitingCheck,
            description: "Posts now Unconfirmed (the platform's answer was lost) or Missed: someone has to look at them, by status.");
        meter.CreateObservableGauge("socialops.inbox.open", OpenInbox,
            description: "Open inbox items, by priority.");
        meter.CreateObservableGauge("socialops.ingestion.lag", IngestionLag, unit: "s",
            description: "Seconds since each ingesting connection was last read.");
        meter.CreateObservableGauge("socialops.connection.token_expiry", TokenExpiry, unit: "s",
            description: "Seconds until each connection's access token expires (negative: expired), where the platform said.");
    }

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
