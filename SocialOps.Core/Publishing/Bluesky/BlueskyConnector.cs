using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.Bluesky;

/// <summary>
/// Bluesky over XRPC on the account's PDS: an app-password session (created once, refreshed when it expires, kept in
/// memory because session creation is tightly limited), posts with facets under a record key derived from the
/// idempotency key, counts from <c>getPosts</c>, replies from <c>getPostThread</c>, mentions from notifications.
/// </summary>
public sealed class BlueskyConnector(HttpClient http, BlueskySessions sessions, MediaFiles media, TimeProvider time) : IConnector, ICommentSource, IMetricSource, IFollowerSource, ICommentReplier
{
    public const string Identifier = "identifier";
    public const string AppPassword = "appPassword";
    public static readonly Uri DefaultBaseUrl = new("https://bsky.social");
    private const string PostCollection = "app.bsky.feed.post";

    /// <summary>The largest image blob <c>app.bsky.embed.images</c> takes.</summary>
    private const int MaxImageBytes = 1_000_000;

    private readonly ConcurrentDictionary<string, BlueskySessions.Session> _sessions = sessions.ByAccount;

    public Platform Platform => Platform.Bluesky;

    public async Task<AccountProfile> VerifyAsync(Connection connection, CancellationToken ct)
    {
        _sessions.TryRemove(SessionKey(connection), out _);
        var session = await SessionAsync(connection, ct);
        var profile = await GetAsync(connection, $"app.bsky.actor.getProfile?actor={Uri.EscapeDataString(session.Did)}", ct);
        var name = profile.Str("displayName") is { Length: > 0 } display ? display : session.Handle;
        return new AccountProfile(session.Did, name, "@" + session.Handle, profile.Str("avatar"));
    }

    public async Task<PublishResult> PublishAsync(Connection connection, PublishRequest request, CancellationToken ct)
    {
        var images = new List<object>();
        foreach (var reference in request.MediaReferences)
        {
            var file = (await media.ReadAsync(reference, ct)).RequireImage(Platform);
            if (file.Bytes.Length > MaxImageBytes)
            {
                throw new PublishException(PublishFailureKind.Permanent,
                    $"Bluesky takes images up to {MaxImageBytes / 1000:N0} kB; {file.FileName} is {file.Bytes.Length / 1000:N0} kB. Upload a smaller copy.");
            }

            images.Add(new { alt = "", image = await UploadBlobAsync(connection, file, ct) });
        }

        var embed = images.Count == 0 ? null : new Dictionary<string, object> { ["$type"] = "app.bsky.embed.images", ["images"] = images };
        // A thread's part: its root is the thread's first post, its parent the part before it, each by URI and CID.
        var reply = request.ReplyTo is { } to
            ? new
            {
                root = new { uri = to.RootId, cid = to.RootCid ?? throw MissingCid() },
                parent = new { uri = to.ParentId, cid = to.ParentCid ?? throw MissingCid() },
            }
            : null;
        return await CreatePostAsync(connection, PostText.Compose(request), BlueskyText.RecordKey(request.IdempotencyKey), reply, ct, embed);
    }

    /// <summary><c>com.atproto.repo.uploadBlob</c> with the raw bytes; the answer's <c>blob</c> goes into the post's embed as it is.</summary>
    private async Task<JsonElement> UploadBlobAsync(Connection connection, MediaFile file, CancellationToken ct)
    {
        var answer = await SendAsync(connection, () =>
        {
            var content = new ByteArrayContent(file.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            return new HttpRequestMessage(HttpMethod.Post, Xrpc(connection, "com.atproto.repo.uploadBlob")) { Content = content };
        }, createsSomething: false, notFoundIsNull: false, ct);
        return answer.Get("blob") is { ValueKind: JsonValueKind.Object } blob
            ? blob
            : throw new PublishException(PublishFailureKind.Transient, "Bluesky answered the upload without a blob.");
    }

    /// <summary>The record key is fixed per post, so the repository answers exactly: there, or not there.</summary>
    public Task<PublishResult?> FindAsync(Connection connection, PublishRequest request, CancellationToken ct) =>
        FindRecordAsync(connection, request.IdempotencyKey, ct);

    /// <summary>A reply's record key is fixed by its idempotency key too: the repository answers exactly.</summary>
    public Task<PublishResult?> FindReplyAsync(Connection connection, ReplyLookup lookup, CancellationToken ct) =>
        FindRecordAsync(connection, lookup.IdempotencyKey, ct);

    private async Task<PublishResult?> FindRecordAsync(Connection connection, string idempotencyKey, CancellationToken ct)
    {
        var session = await SessionAsync(connection, ct);
        var rkey = BlueskyText.RecordKey(idempotencyKey);
        try
        {
            var record = await GetAsync(connection, $"com.atproto.repo.getRecord?repo={Uri.EscapeDataString(session.Did)}&collection={PostCollection}&rkey={rkey}", ct, notFoundIsNull: true);
            return record.ValueKind == JsonValueKind.Undefined ? null : new PublishResult(record.Str("uri") ?? RecordUri(session, rkey), WebUrl(session, rkey), record.Str("cid"));
        }
        catch (PublishException ex) when (ex.PlatformError == "RecordNotFound")
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<IncomingComment>> FetchRepliesAsync(Connection connection, OwnPost post, CancellationToken ct)
    {
        var session = await SessionAsync(connection, ct);
        var thread = await GetAsync(connection, $"app.bsky.feed.getPostThread?uri={Uri.EscapeDataString(post.ExternalId)}&depth=10", ct);
        var found = new List<IncomingComment>();
        Collect(thread.Get("thread"), post.ExternalId, session.Did, found, 0);
        return found;
    }

    /// <summary>Notifications come newest first; the cursor is the newest one already stored (its indexedAt).</summary>
    public async Task<CommentPage> FetchMentionsAsync(Connection connection, string? cursor, CancellationToken ct)
    {
        DateTimeOffset? seen = cursor is null ? null : DateTimeOffset.Parse(cursor, CultureInfo.InvariantCulture);
        var items = new List<IncomingComment>();
        string? newest = null;
        string? page = null;
        for (var i = 0; i < 10; i++)
        {
            var answer = await GetAsync(connection, "app.bsky.notification.listNotifications?limit=50" + (page is null ? "" : $"&cursor={Uri.EscapeDataString(page)}"), ct);
            var older = false;
            foreach (var n in answer.Get("notifications").Items())
            {
                var at = n.Time("indexedAt");
                newest ??= at?.ToString("O", CultureInfo.InvariantCulture);
                if (seen is not null && at <= seen)
                {
                    older = true;
                    break;
                }

                if (n.Str("reason") is "mention" or "reply" or "quote" && FromNotification(n, n.Str("reason") == "reply" ? InteractionKind.Reply : InteractionKind.Mention) is { } comment)
                {
                    items.Add(comment);
                }
            }

            page = answer.Str("cursor");
            if (older || page is null || seen is null)
            {
                break;
            }
        }

        items.Reverse();
        return new CommentPage(items, newest ?? cursor, false);
    }

    public async Task<IReadOnlyList<PostCounts>> FetchMetricsAsync(Connection connection, IReadOnlyList<OwnPost> posts, CancellationToken ct)
    {
        var counts = new List<PostCounts>();
        foreach (var chunk in posts.Chunk(25))
        {
            var query = string.Join('&', chunk.Select(p => "uris=" + Uri.EscapeDataString(p.ExternalId)));
            var answer = await GetAsync(connection, "app.bsky.feed.getPosts?" + query, ct);
            counts.AddRange(answer.Get("posts").Items().Where(p => p.Str("uri") is not null).Select(p => new PostCounts(
                p.Str("uri")!, p.Number("likeCount") ?? 0, p.Number("replyCount") ?? 0, (p.Number("repostCount") ?? 0) + (p.Number("quoteCount") ?? 0))));
        }

        return counts;
    }

    public async Task<long> FetchFollowersAsync(Connection connection, CancellationToken ct)
    {
        var session = await SessionAsync(connection, ct);
        var profile = await GetAsync(connection, $"app.bsky.actor.getProfile?actor={Uri.EscapeDataString(session.Did)}", ct);
        return profile.Number("followersCount") ?? throw new PublishException(PublishFailureKind.Transient, "Bluesky answered without followersCount.");
    }

    /// <summary>Answers in the comment's thread: its root stays the thread's root, the comment is the parent.</summary>
    public async Task<PublishResult> ReplyAsync(Connection connection, string commentExternalId, string text, string idempotencyKey, CancellationToken ct)
    {
        var answer = await GetAsync(connection, "app.bsky.feed.getPosts?uris=" + Uri.EscapeDataString(commentExternalId), ct);
        var parent = answer.Get("posts").Items().FirstOrDefault();
        var parentRef = new { uri = Json.Required(parent.Str("uri"), Platform, "uri"), cid = Json.Required(parent.Str("cid"), Platform, "cid") };
        var root = parent.Path("record", "reply", "root") is { } r && r.Str("uri") is { } rootUri && r.Str("cid") is { } rootCid
            ? new { uri = rootUri, cid = rootCid }
            : parentRef;
        return await CreatePostAsync(connection, text, BlueskyText.RecordKey(idempotencyKey), new { root, parent = parentRef }, ct);
    }

    private async Task<PublishResult> CreatePostAsync(Connection connection, string text, string rkey, object? reply, CancellationToken ct, object? embed = null)
    {
        var session = await SessionAsync(connection, ct);
        var facets = new List<object>();
        foreach (var facet in BlueskyText.FindFacets(text))
        {
            object? feature = facet.Kind switch
            {
                "link" => new Dictionary<string, string> { ["$type"] = "app.bsky.richtext.facet#link", ["uri"] = facet.Value },
                "tag" => new Dictionary<string, string> { ["$type"] = "app.bsky.richtext.facet#tag", ["tag"] = facet.Value },
                _ => await ResolveHandleAsync(connection, facet.Value, ct) is { } did
                    ? new Dictionary<string, string> { ["$type"] = "app.bsky.richtext.facet#mention", ["did"] = did }
                    : null,
            };
            if (feature is not null)
            {
                facets.Add(new { index = new { byteStart = facet.ByteStart, byteEnd = facet.ByteEnd }, features = new[] { feature } });
            }
        }

        var record = new Dictionary<string, object>
        {
            ["$type"] = PostCollection,
            ["text"] = text,
            ["createdAt"] = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        if (facets.Count > 0)
        {
            record["facets"] = facets;
        }

        if (reply is not null)
        {
            record["reply"] = reply;
        }

        if (embed is not null)
        {
            record["embed"] = embed;
        }

        var body = new { repo = session.Did, collection = PostCollection, rkey, record };
        var response = await SendAsync(connection, () => new HttpRequestMessage(HttpMethod.Post, Xrpc(connection, "com.atproto.repo.createRecord")) { Content = JsonContent.Create(body) },
            createsSomething: true, notFoundIsNull: false, ct);
        return new PublishResult(Json.Required(response.Str("uri"), Platform, "uri", createsSomething: true), WebUrl(session, rkey), response.Str("cid"));
    }

    private async Task<string?> ResolveHandleAsync(Connection connection, string handle, CancellationToken ct)
    {
        try
        {
            var answer = await GetAsync(connection, "com.atproto.identity.resolveHandle?handle=" + Uri.EscapeDataString(handle), ct);
            return answer.Str("did");
        }
        catch (PublishException ex) when (ex.Kind == PublishFailureKind.Permanent)
        {
            return null; // an unknown handle stays plain text
        }
    }

    private Task<JsonElement> GetAsync(Connection connection, string pathAndQuery, CancellationToken ct, bool notFoundIsNull = false) =>
        SendAsync(connection, () => new HttpRequestMessage(HttpMethod.Get, Xrpc(connection, pathAndQuery)), createsSomething: false, notFoundIsNull, ct);

    /// <summary>Sends with the session's access token; an expired token is refreshed (or the session recreated) once.</summary>
    private async Task<JsonElement> SendAsync(Connection connection, Func<HttpRequestMessage> build, bool createsSomething, bool notFoundIsNull, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var session = await SessionAsync(connection, ct);
            using var request = build();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessJwt);
            try
            {
                var response = await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething, ct, notFoundIsNull, RateLimit);
                return response?.Body ?? default;
            }
            catch (PublishException ex) when (attempt == 0 && ex.PlatformError is "ExpiredToken" or "InvalidToken")
            {
                await RefreshAsync(connection, session, ct);
            }
        }
    }

    private async Task<BlueskySessions.Session> SessionAsync(Connection connection, CancellationToken ct)
    {
        if (_sessions.TryGetValue(SessionKey(connection), out var cached))
        {
            return cached;
        }

        var identifier = connection.Secret(Identifier);
        var password = connection.Secret(AppPassword);
        if (identifier is null || password is null)
        {
            throw new PublishException(PublishFailureKind.Permanent, "The Bluesky connection has no handle or app password; reconnect it.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Xrpc(connection, "com.atproto.server.createSession"))
        {
            Content = JsonContent.Create(new { identifier, password }),
        };
        var response = await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething: false, ct, rateLimit: RateLimit);
        return _sessions[SessionKey(connection)] = ReadSession(response!.Body);
    }

    private async Task RefreshAsync(Connection connection, BlueskySessions.Session session, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Xrpc(connection, "com.atproto.server.refreshSession"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.RefreshJwt);
        try
        {
            var response = await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething: false, ct, rateLimit: RateLimit);
            _sessions[SessionKey(connection)] = ReadSession(response!.Body);
        }
        catch (PublishException ex) when (ex.HttpStatus is 400 or 401)
        {
            // The refresh token is spent too: the next call signs in again with the app password.
            _sessions.TryRemove(SessionKey(connection), out _);
        }
    }

    private BlueskySessions.Session ReadSession(JsonElement body) => BlueskySessions.Read(body, Platform);

    private static void Collect(JsonElement? node, string postUri, string ownDid, List<IncomingComment> found, int depth)
    {
        foreach (var child in node?.Get("replies").Items() ?? [])
        {
            if (child.Get("post") is { } post && post.Path("author")?.Str("did") != ownDid && ToComment(post, InteractionKind.Reply, postUri) is { } comment)
            {
                found.Add(comment);
            }

            if (depth < 10)
            {
                Collect(child, postUri, ownDid, found, depth + 1);
            }
        }
    }

    private static IncomingComment? FromNotification(JsonElement notification, InteractionKind kind) =>
        ToComment(notification, kind, notification.Path("record", "reply", "root")?.Str("uri"));

    private static IncomingComment? ToComment(JsonElement item, InteractionKind kind, string? postUri)
    {
        if (item.Str("uri") is not { } uri)
        {
            return null;
        }

        var author = item.Get("author");
        var handle = author?.Str("handle");
        var name = author?.Str("displayName") is { Length: > 0 } display ? display : handle ?? "unknown";
        var record = item.Get("record");
        var text = record?.Str("text") ?? "";
        return new IncomingComment(uri, kind, postUri, record?.Path("reply", "parent")?.Str("uri"), Clip(name, 300), handle is null ? null : Clip("@" + handle, 300),
            Clip(text, 20_000), record?.Time("createdAt") ?? item.Time("indexedAt") ?? DateTimeOffset.UnixEpoch);
    }

    private static PublishException MissingCid() =>
        new(PublishFailureKind.Permanent, "The part before this one has no Bluesky content id on record; check the thread on Bluesky.");

    private static Uri Xrpc(Connection connection, string pathAndQuery) => new(connection.BaseUrl ?? DefaultBaseUrl, "/xrpc/" + pathAndQuery);

    private static string SessionKey(Connection connection) => $"{connection.BaseUrl}|{connection.Secret(Identifier)}";

    private static string RecordUri(BlueskySessions.Session session, string rkey) => $"at://{session.Did}/{PostCollection}/{rkey}";

    private static string WebUrl(BlueskySessions.Session session, string rkey) => $"https://bsky.app/profile/{session.Handle}/post/{rkey}";

    private static RateLimitState? RateLimit(HttpResponseHeaders headers) => ConnectorHttp.ReadRateLimit(headers, "RateLimit-");

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}

