using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Analytics;

/// <summary>New numbers were stored: <c>metrics</c> (post counters), <c>comments</c> or <c>followers</c>. Pages re-read what they show.</summary>
public sealed record MetricsChanged(string Kind, DateTimeOffset At) : IEvent;
