namespace SocialOps.Core.Publishing.Connections;

/// <summary>What a comment that came back from a platform is: a comment or reply under a post, a mention, a message.</summary>
public enum InteractionKind
{
    Comment,
    Reply,
    Mention,
    DirectMessage,
}

/// <summary>
/// One account's connection as a connector sees it: where the platform is, who the account is, and its decrypted
/// secrets (never logged, never returned). Connectors report the rate-limit state they see in <see cref="RateLimit"/>.
/// </summary>
public sealed class Connection(int accountId, Platform platform, Uri? baseUrl, string? externalId, string? handle, IReadOnlyDictionary<string, string> secrets)
{
    public int AccountId { get; } = accountId;
    public Platform Platform { get; } = platform;
    public Uri? BaseUrl { get; } = baseUrl;
    public string? ExternalId { get; } = externalId;
    public string? Handle { get; } = handle;

    public string? Secret(string name) => secrets.TryGetValue(name, out var value) ? value : null;

    public RateLimitState? RateLimit { get; set; }

    public override string ToString() => $"{Platform} connection {AccountId}";
}

public sealed record RateLimitState(int? Remaining, DateTimeOffset? ResetAt);

/// <summary>Who the credentials belong to, from the platform's who-am-I endpoint.</summary>
public sealed record AccountProfile(string ExternalId, string DisplayName, string? Handle, string? AvatarUrl, int? MaxLength = null);

/// <summary>One of our published posts, as ingestion asks about it.</summary>
public sealed record OwnPost(int PostId, string ExternalId);

/// <summary>A comment, reply or mention as the platform gave it; <see cref="Text"/> is attacker-controlled plain text.</summary>
public sealed record IncomingComment(
    string ExternalId, InteractionKind Kind, string? PostExternalId, string? ParentExternalId,
    string AuthorName, string? AuthorHandle, string Text, DateTimeOffset At);

/// <summary>A page of mentions, oldest first; <see cref="Cursor"/> is where the next page starts (null: nothing new).</summary>
public sealed record CommentPage(IReadOnlyList<IncomingComment> Items, string? Cursor, bool More);

public sealed record PostCounts(string ExternalId, long Likes, long Comments, long Shares, long Saves = 0, long Clicks = 0, long Impressions = 0, long Reach = 0);

/// <summary>
/// A platform's connector: the who-am-I check, publishing and confirming an unknown outcome. Other capabilities
/// (<see cref="ICommentSource"/>, <see cref="IMetricSource"/>, <see cref="IFollowerSource"/>, <see cref="ICommentReplier"/>)
/// are separate interfaces a connector implements when its platform offers them. Failures are <see cref="PublishException"/>s.
/// </summary>
public interface IConnector
{
    Platform Platform { get; }

    /// <summary>Calls the platform's who-am-I endpoint with the connection's credentials.</summary>
    Task<AccountProfile> VerifyAsync(Connection connection, CancellationToken ct);

    Task<PublishResult> PublishAsync(Connection connection, PublishRequest request, CancellationToken ct);

    /// <summary>After an unknown outcome: the publication made for this request, or null if it surely does not exist.</summary>
    /// <exception cref="NotSupportedException">The platform cannot tell.</exception>
    Task<PublishResult?> FindAsync(Connection connection, PublishRequest request, CancellationToken ct);
}

public interface ICommentSource
{
    /// <summary>Replies under one of our posts.</summary>
    Task<IReadOnlyList<IncomingComment>> FetchRepliesAsync(Connection connection, OwnPost post, CancellationToken ct);

    /// <summary>
    /// Mentions of the account after <paramref name="cursor"/> (null: the newest page), oldest first. A platform with no
    /// mentions feed (LinkedIn, Meta's: comments come from the posts themselves) keeps this: none, the cursor unchanged.
    /// </summary>
    Task<CommentPage> FetchMentionsAsync(Connection connection, string? cursor, CancellationToken ct) => Task.FromResult(new CommentPage([], cursor, false));
}

public interface IMetricSource
{
    Task<IReadOnlyList<PostCounts>> FetchMetricsAsync(Connection connection, IReadOnlyList<OwnPost> posts, CancellationToken ct);
}

public interface IFollowerSource
{
    Task<long> FetchFollowersAsync(Connection connection, CancellationToken ct);
}

/// <summary>A reply whose outcome is unknown, as a lookup asks for it: ours, under this comment, with this text, sent no earlier than <see cref="Since"/>.</summary>
public sealed record ReplyLookup(string CommentExternalId, string Text, string IdempotencyKey, DateTimeOffset Since);

public interface ICommentReplier
{
    /// <summary>Answers a comment; <paramref name="idempotencyKey"/> is the same on every attempt for one reply.</summary>
    Task<PublishResult> ReplyAsync(Connection connection, string commentExternalId, string text, string idempotencyKey, CancellationToken ct);

    /// <summary>After an unknown outcome: our reply, found under the comment; null when it is surely not there.</summary>
    /// <exception cref="NotSupportedException">The platform cannot tell; the message says why.</exception>
    Task<PublishResult?> FindReplyAsync(Connection connection, ReplyLookup lookup, CancellationToken ct);

    /// <summary>How long the platform answers a repeated idempotency key with the first reply (Mastodon: an hour); null when it ignores the key.</summary>
    TimeSpan? KeyKeptFor => null;
}

/// <summary>A platform where our own first comment goes under a post as a comment (Instagram, Facebook, LinkedIn), not as a reply post.</summary>
public interface IPostCommenter
{
    /// <summary>Comments <paramref name="text"/> under our post <paramref name="postExternalId"/>.</summary>
    Task<PublishResult> CommentAsync(Connection connection, string postExternalId, string text, CancellationToken ct);
}
