using System.Diagnostics;

namespace SocialOps.Core.Telemetry;

/// <summary>
/// The <c>SocialOps</c> activity source. Publishing: <c>publish job</c> (a trigger firing) → <c>publish post</c> →
/// <c>claim</c>, <c>send</c> (the connector's HTTP calls nest under it) and <c>commit</c>. Ingestion: <c>ingest connection</c>
/// → <c>inbox intake</c> → <c>sentiment</c>. Nothing is recorded unless a listener (the OpenTelemetry SDK) samples it.
/// </summary>
public static class SocialOpsTracing
{
    public const string Name = "SocialOps";

    public const string PostIdTag = "socialops.post_id";
    public const string ConnectionTag = "socialops.connection_id";
    public const string PlatformTag = "socialops.platform";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>Marks the span as failed with the reason, as the OpenTelemetry conventions ask.</summary>
    public static void Fail(this Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);
}
