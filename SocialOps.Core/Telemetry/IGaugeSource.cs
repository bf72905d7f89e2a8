using System.Diagnostics.Metrics;

namespace SocialOps.Core.Telemetry;

/// <summary>A feature's gauges, read when a collector asks: added to the <c>SocialOps</c> meter when it is created.</summary>
public interface IGaugeSource
{
    void Register(Meter meter);
}
