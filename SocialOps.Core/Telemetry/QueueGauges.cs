using System.Diagnostics.Metrics;
using SocialOps.Core.Content;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Telemetry;

/// <summary>
/// The gauges that count rows: posts due within the hour, open inbox items by priority. One short read serves every
/// gauge of one collection (a scrape asks each gauge in turn), and nothing is read when nobody collects.
/// </summary>
public sealed class QueueGauges(IDbContextFactory<SocialOpsDbContext> dbFactory, TimeProvider time)
{
    // Longer than one collection takes, shorter than any scrape interval worth having.
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private Snapshot? _last;

    public IEnumerable<Measurement<long>> DueNextHour() => [new(Read().DueNextHour)];

    public IEnumerable<Measurement<long>> OpenInbox()
    {
        var open = Read().OpenByPriority;
        return Enum.GetValues<ResponsePriority>().Select(p =>
            new Measurement<long>(open.GetValueOrDefault(p), new KeyValuePair<string, object?>("priority", p.ToString().ToLowerInvariant())));
    }

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
            var due = db.Posts.LongCount(p => p.Status == PostStatus.Scheduled && p.ScheduledFor >= now && p.ScheduledFor < end);
            var open = db.Interactions.Where(i => i.State == HandledState.Open)
                .GroupBy(i => i.Priority)
                .Select(g => new { Priority = g.Key, Count = g.LongCount() })
                .ToDictionary(g => g.Priority, g => g.Count);
            _last = new Snapshot(now, due, open);
            return _last;
        }
    }

    private sealed record Snapshot(DateTimeOffset At, long DueNextHour, Dictionary<ResponsePriority, long> OpenByPriority);
}
