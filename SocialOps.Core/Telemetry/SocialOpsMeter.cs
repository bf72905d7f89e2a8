using System.Diagnostics.Metrics;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Telemetry;

/// <summary>
/// The <c>SocialOps</c> meter: what an operator watches. Post outcomes are counted by <see cref="PostOutcomeMetrics"/>
/// from the bus; the gauges are read from the database by an <see cref="IGaugeSource"/> when a reader collects; sentiment
/// latency, AI usage and open circuits are recorded where they happen.
/// </summary>
public sealed class SocialOpsMeter
{
    public const string Name = "SocialOps";

    // Lateness from "on time" to "an hour late": a publish that is seconds late is normal, minutes late is a warning.
    private static readonly double[] LatenessBuckets = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    // One text on the rules takes well under a millisecond; a batch of a hundred on the model about half a second.
    private static readonly double[] SentimentBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _published;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _unconfirmed;
    private readonly Counter<long> _missed;
    private readonly Histogram<double> _lateness;
    private readonly Histogram<double> _sentiment;
    private readonly Counter<long> _aiTokens;
    private readonly Counter<double> _aiCost;
    private readonly UpDownCounter<long> _circuits;

    public SocialOpsMeter(IMeterFactory factory, IEnumerable<IGaugeSource> gauges)
    {
        Meter = factory.Create(Name);
        _published = Meter.CreateCounter<long>("socialops.posts.published", description: "Posts the platform confirmed as published.");
        _failed = Meter.CreateCounter<long>("socialops.posts.failed", description: "Posts that failed for good (no retry left).");
        _unconfirmed = Meter.CreateCounter<long>("socialops.posts.unconfirmed", description: "Posts whose platform answer was lost: they need reconciling.");
        _missed = Meter.CreateCounter<long>("socialops.posts.missed", description: "Posts that fell due while nothing could publish them, outside the grace window.");
        _lateness = Meter.CreateHistogram("socialops.publish.lateness", unit: "s",
            description: "Seconds from the instant a post was due to the instant it was published.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatenessBuckets });
        _sentiment = Meter.CreateHistogram("socialops.sentiment.duration", unit: "s",
            description: "Seconds one sentiment analysis call took (one text or a batch), by engine.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SentimentBuckets });
        _aiTokens = Meter.CreateCounter<long>("socialops.ai.tokens", description: "Tokens sent to (input) and received from (output) the AI provider.");
        _aiCost = Meter.CreateCounter<double>("socialops.ai.cost_usd", description: "What the AI provider's calls cost, in US dollars, at the configured prices.");
        _circuits = Meter.CreateUpDownCounter<long>("socialops.circuits.open", description: "Browser sessions (Blazor circuits) open on this instance.");
        foreach (var source in gauges)
        {
            source.Register(Meter);
        }
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

    /// <summary>One sentiment analysis call's duration; <paramref name="engine"/> is <c>onnx</c> or <c>rules</c>.</summary>
    public void SentimentTook(TimeSpan duration, string engine) =>
        _sentiment.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("engine", engine));

    /// <summary>One call to the AI provider: its tokens each way and its cost.</summary>
    public void AiCalled(string provider, string model, long inputTokens, long outputTokens, decimal costUsd)
    {
        var p = new KeyValuePair<string, object?>("provider", provider.ToLowerInvariant());
        var m = new KeyValuePair<string, object?>("model", model);
        _aiTokens.Add(inputTokens, p, m, new KeyValuePair<string, object?>("direction", "input"));
        _aiTokens.Add(outputTokens, p, m, new KeyValuePair<string, object?>("direction", "output"));
        _aiCost.Add((double)costUsd, p, m);
    }

    public void CircuitOpened() => _circuits.Add(1);

    public void CircuitEnded() => _circuits.Add(-1);

    internal static string PlatformTag(Platform platform) => platform.ToString().ToLowerInvariant();
}
