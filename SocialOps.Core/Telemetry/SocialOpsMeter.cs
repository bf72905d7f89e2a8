using System.Diagnostics.Metrics;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Telemetry;

/// <summary>
/// The <c>SocialOps</c> meter: what an operator watches. Post outcomes are counted by <see cref="PostOutcomeMetrics"/>
/// from the bus; the queue gauges are read from the database by <see cref="QueueGauges"/> when a reader collects.
/// </summary>
public sealed class SocialOpsMeter
{
    public const string Name = "SocialOps";

    // Lateness from "on time" to "an hour late": a publish that is seconds late is normal, minutes late is a warning.
    private static readonly double[] LatenessBuckets = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly Counter<long> _published;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _unconfirmed;
    private readonly Counter<long> _missed;
    private readonly Histogram<double> _lateness;

    public SocialOpsMeter(IMeterFactory factory, QueueGauges gauges)
    {
        Meter = factory.Create(Name);
        _published = Meter.CreateCounter<long>("socialops.posts.published", description: "Posts the platform confirmed as published.");
        _failed = Meter.CreateCounter<long>("socialops.posts.failed", description: "Posts that failed for good (no retry left).");
        _unconfirmed = Meter.CreateCounter<long>("socialops.posts.unconfirmed", description: "Posts whose platform answer was lost: they need reconciling.");
        _missed = Meter.CreateCounter<long>("socialops.posts.missed", description: "Posts that fell due while nothing could publish them, outside the grace window.");
        _lateness = Meter.CreateHistogram("socialops.publish.lateness", unit: "s",
            description: "Seconds from the instant a post was due to the instant it was published.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatenessBuckets });
        Meter.CreateObservableGauge("socialops.posts.due_next_hour", gauges.DueNextHour,
            description: "Scheduled posts due within the next hour.");
        Meter.CreateObservableGauge("socialops.inbox.open", gauges.OpenInbox,
            description: "Open inbox items, by priority.");
    }

    public Meter Meter { get; }

    /// <summary>Counts one change of a post's state; states that are not outcomes count nothing.</summary>
    public void Record(PostStatusChanged e)
    {
        var platform = new KeyValuePair<string, object?>("platform", PlatformTag(e.Platform));
        switch (e.Status)
        {
            case PostStatus.Published:
                _published.Add(1, platform);
                if (e.ScheduledFor is { } due)
                {
                    _lateness.Record(Math.Max(0, (e.At - due).TotalSeconds), platform);
                }

                break;
            case PostStatus.Failed:
                _failed.Add(1, platform);
                break;
            case PostStatus.Unconfirmed:
                _unconfirmed.Add(1, platform);
                break;
            case PostStatus.Missed:
                _missed.Add(1, platform);
                break;
        }
    }

    internal static string PlatformTag(Platform platform) => platform.ToString().ToLowerInvariant();
}
