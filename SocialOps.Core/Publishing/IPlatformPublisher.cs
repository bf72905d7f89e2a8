namespace SocialOps.Core.Publishing;

/// <summary>
/// What a publisher is asked to post. <see cref="IdempotencyKey"/> is the same on every attempt for a post. <paramref name="MayExist"/>: an earlier attempt's answer was lost, or it failed after sending, so
/// the platform may have the post already and is asked first. <paramref name="Since"/>: when the first attempt started, so a
/// lookup by text looks no further back than that. <paramref name="ReplyTo"/>: a part of a thread, or a first comment, answers
/// the publication named there.
/// </summary>
public sealed record PublishRequest(
    int PostId, int? AccountId, string Content, IReadOnlyList<string> Hashtags, IReadOnlyList<string> MediaReferences, string IdempotencyKey, bool MayExist = false,
    DateTimeOffset? Since = null, ThreadReply? ReplyTo = null);

/// <summary>
/// What a reply answers: the thread's first publication (<see cref="RootId"/>) and the one it follows directly
/// (<see cref="ParentId"/>), by their platform ids and, for Bluesky, their content ids.
/// </summary>
public sealed record ThreadReply(string RootId, string? RootCid, string ParentId, string? ParentCid);

/// <summary>A publication on its platform; <c>Cid</c> is Bluesky's content id of the record (a reply to it must name it), null elsewhere.</summary>
public sealed record PublishResult(string ExternalId, string? ExternalUrl, string? Cid = null);

/// <summary>How a publish call failed, which decides what the scheduler does next.</summary>
public enum PublishFailureKind
{
    /// <summary>Timeouts before sending, 5xx, 429: worth another attempt later.</summary>
    Transient,

    /// <summary>Validation, authentication, a refused post: another attempt would fail the same way.</summary>
    Permanent,

    /// <summary>The request went out but the answer was lost: the post may exist. Never retried blindly.</summary>
    Unknown,
}

public sealed class PublishException(PublishFailureKind kind, string message, TimeSpan? retryAfter = null, int? httpStatus = null, Exception? inner = null)
    : Exception(message, inner)
{
    public PublishFailureKind Kind { get; } = kind;

    /// <summary>A platform's Retry-After, honoured when longer than the scheduler's own backoff.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public int? HttpStatus { get; } = httpStatus;

    /// <summary>The platform's own error code when it gives one (Bluesky's <c>ExpiredToken</c>, Meta's numeric codes).</summary>
    public string? PlatformError { get; init; }
}

/// <summary>One social platform's publishing side. Connectors implement it; the Sandbox is the built-in one.</summary>
public interface IPlatformPublisher
{
    Platform Platform { get; }

    /// <summary>Publishes, or throws <see cref="PublishException"/> saying what kind of failure it was.</summary>
    Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken);

    /// <summary>After an unknown outcome: the publication made with this key, if the platform can tell; null if it surely does not exist.</summary>
    /// <exception cref="NotSupportedException">The platform cannot tell.</exception>
    Task<PublishResult?> FindAsync(PublishRequest request, CancellationToken cancellationToken);
}
