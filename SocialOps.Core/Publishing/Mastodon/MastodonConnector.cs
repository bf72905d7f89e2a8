using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.Mastodon;

/// <summary>
/// Mastodon's REST API on the account's own instance: statuses with an Idempotency-Key, the instance's length limit,
/// replies from a status's context, mentions from notifications, counts from statuses, followers from the account.
/// </summary>
public sealed class MastodonConnector(HttpClient http, MediaFiles media, TimeProvider time) : IConnector, ICommentSource, IMetricSource, IFollowerSource, ICommentReplier
{
    public const string AccessToken = "accessToken";
    private const int PageSize = 40;

    /// <summary>Seconds to wait for an instance to process an upload; well inside the scheduler's publish timeout.</summary>
    private const int MaxMediaPolls = 30;

    public Platform Platform => Platform.Mastodon;

    public async Task<AccountProfile> VerifyAsync(Connection connection, CancellationToken ct)
    {
        var me = await GetAsync(connection, "/api/v1/accounts/verify_credentials", ct);
        var id = Json.Required(me.Str("id"), Platform, "id");
        var acct = me.Str("acct") ?? me.Str("username") ?? id;
        var handle = acct.Contains('@', StringComparison.Ordinal) ? $"@{acct}" : $"@{acct}@{connection.BaseUrl!.Host}";
        var name = me.Str("display_name") is { Length: > 0 } display ? display : acct;

        int? limit = null;
        try
        {
            var instance = await GetAsync(connection, "/api/v2/instance", ct);
            limit = (int?)instance.Path("configuration", "statuses")?.Number("max_characters");
        }
        catch (PublishException)
        {
            // Older or locked-down instances: the platform default applies.
        }

        return new AccountProfile(id, name, handle, me.Str("avatar"), limit);
    }

    public async Task<PublishResult> PublishAsync(Connection connection, PublishRequest request, CancellationToken ct)
    {
        var mediaIds = await ConnectorHttp.OneByOneAsync(request.MediaReferences, async reference => await UploadAsync(connection, await media.ReadAsync(reference, ct), ct));
        return await PostStatusAsync(connection, PostText.Compose(request), request.ReplyTo?.ParentId, request.IdempotencyKey, ct, mediaIds);
    }

    /// <summary>
    /// <c>POST /api/v2/media</c>; a 202 means the instance is still processing the file (video, large images), so its
    /// <c>GET /api/v1/media/:id</c> is polled until it has a URL. A retry uploads again: the status's Idempotency-Key
    /// still makes the post itself exist once, and the instance discards unattached uploads.
    /// </summary>
    private async Task<string> UploadAsync(Connection connection, MediaFile file, CancellationToken ct)
    {
        using var request = Request(connection, HttpMethod.Post, "/api/v2/media");
        var content = new ByteArrayContent(file.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
        request.Content = new MultipartFormDataContent { { content, "file", file.FileName } };
        var response = await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething: false, ct, rateLimit: RateLimit);
        var id = Json.Required(response!.Body.Str("id"), Platform, "id");
        for (var poll = 0; response!.Body.Str("url") is null; poll++)
        {
            if (poll == MaxMediaPolls)
            {
                throw new PublishException(PublishFailureKind.Transient, $"Mastodon was still processing {file.FileName} after {MaxMediaPolls} seconds; the post will be tried again.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
            using var check = Request(connection, HttpMethod.Get, $"/api/v1/media/{Uri.EscapeDataString(id)}");
            response = await ConnectorHttp.SendAsync(http, check, connection, time, createsSomething: false, ct, rateLimit: RateLimit);
        }

        return id;
    }

    /// <summary>Looks for the post among the account's newest statuses (the Idempotency-Key only lasts an hour).</summary>
    public async Task<PublishResult?> FindAsync(Connection connection, PublishRequest request, CancellationToken ct)
    {
        var accountId = connection.ExternalId ?? throw new NotSupportedException("The account's id is unknown.");
        // A thread's part is a reply to the part before it: looked for among the replies, under that part.
        var filter = request.ReplyTo is null ? "&exclude_replies=true" : "";
        var statuses = await GetAsync(connection, $"/api/v1/accounts/{Uri.EscapeDataString(accountId)}/statuses?limit={PageSize}{filter}", ct);
        var text = PostText.Compose(request);
        foreach (var status in ((JsonElement?)statuses).Items())
        {
            if (PostText.SameText(PostText.FromHtml(status.Str("content")), text) && status.Str("id") is { } id
                && (request.ReplyTo is null || status.Str("in_reply_to_id") == request.ReplyTo.ParentId))
            {
                return new PublishResult(id, status.Str("url"));
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<IncomingComment>> FetchRepliesAsync(Connection connection, OwnPost post, CancellationToken ct)
    {
        var context = await GetAsync(connection, $"/api/v1/statuses/{Uri.EscapeDataString(post.ExternalId)}/context", ct);
        return [.. context.Get("descendants").Items()
            .Where(s => s.Get("account")?.Str("id") != connection.ExternalId)
            .Select(s => ToComment(s, InteractionKind.Reply, post.ExternalId))
            .OfType<IncomingComment>()];
    }

    public async Task<CommentPage> FetchMentionsAsync(Connection connection, string? cursor, CancellationToken ct)
    {
        var path = $"/api/v1/notifications?types[]=mention&limit={PageSize}" + (cursor is null ? "" : $"&min_id={Uri.EscapeDataString(cursor)}");
        var page = await GetAsync(connection, path, ct);
        var notifications = ((JsonElement?)page).Items()
            .Select(n => (Id: n.Str("id"), Status: n.Get("status")))
            .Where(n => n.Id is not null)
            .OrderBy(n => n.Id!.Length).ThenBy(n => n.Id, StringComparer.Ordinal)
            .ToList();
        var items = notifications
            .Select(n => n.Status is { } s ? ToComment(s, InteractionKind.Mention, null) : null)
            .OfType<IncomingComment>()
            .ToList();
        return new CommentPage(items, notifications.Count > 0 ? notifications[^1].Id : cursor, notifications.Count >= PageSize);
    }

    public Task<IReadOnlyList<PostCounts>> FetchMetricsAsync(Connection connection, IReadOnlyList<OwnPost> posts, CancellationToken ct) =>
        ConnectorHttp.OneByOneAsync(posts, async post =>
        {
            var s = await GetAsync(connection, $"/api/v1/statuses/{Uri.EscapeDataString(post.ExternalId)}", ct);
            return new PostCounts(post.ExternalId, s.Number("favourites_count") ?? 0, s.Number("replies_count") ?? 0, s.Number("reblogs_count") ?? 0);
        });

    public async Task<long> FetchFollowersAsync(Connection connection, CancellationToken ct)
    {
        var me = await GetAsync(connection, "/api/v1/accounts/verify_credentials", ct);
        return me.Number("followers_count") ?? throw new PublishException(PublishFailureKind.Transient, "Mastodon answered without followers_count.");
    }

    /// <summary>
    /// Answers in the comment's thread, starting with a mention of its author: Mastodon notifies (and shows the reply to)
    /// only the accounts a status mentions. The author is read from the comment itself, so a retry sends the same text.
    /// </summary>
    public async Task<PublishResult> ReplyAsync(Connection connection, string commentExternalId, string text, string idempotencyKey, CancellationToken ct)
    {
        var comment = await GetAsync(connection, $"/api/v1/statuses/{Uri.EscapeDataString(commentExternalId)}", ct);
        var author = comment.Get("account");
        var mention = author?.Str("id") == connection.ExternalId ? null : author?.Str("acct");
        return await PostStatusAsync(connection, Mentioning(mention, text, connection.BaseUrl?.Host), commentExternalId, idempotencyKey, ct);
    }

    /// <summary>
    /// <c>@user@instance</c> (or <c>@user</c>, someone on the account's own instance) before the text, unless the text
    /// already starts with that mention.
    /// </summary>
    public static string Mentioning(string? acct, string text, string? ownHost)
    {
        if (string.IsNullOrWhiteSpace(acct))
        {
            return text;
        }

        var forms = acct.Contains('@', StringComparison.Ordinal) || ownHost is null ? new[] { "@" + acct } : ["@" + acct, $"@{acct}@{ownHost}"];
        var start = text.TrimStart();
        foreach (var form in forms)
        {
            if (start.StartsWith(form, StringComparison.OrdinalIgnoreCase) && !HandleGoesOn(start, form.Length))
            {
                return text;
            }
        }

        return $"@{acct} {text}";
    }

    // "@sam" does not start "@samantha hi" nor "@sam.example.org hi"; it does start "@sam, thanks".
    private static bool HandleGoesOn(string text, int at) =>
        at < text.Length && (char.IsLetterOrDigit(text[at]) || text[at] is '_' or '@'
            || (text[at] is '.' or '-' && at + 1 < text.Length && char.IsLetterOrDigit(text[at + 1])));

    /// <summary>Mastodon answers a repeated Idempotency-Key with the first status for an hour.</summary>
    public TimeSpan? KeyKeptFor => TimeSpan.FromHours(1);

    /// <summary>Our replies among the comment's descendants since the attempt.</summary>
    public async Task<PublishResult?> FindReplyAsync(Connection connection, ReplyLookup lookup, CancellationToken ct)
    {
        var context = await GetAsync(connection, $"/api/v1/statuses/{Uri.EscapeDataString(lookup.CommentExternalId)}/context", ct);
        var from = lookup.Since - TimeSpan.FromMinutes(1);
        var texts = context.Get("descendants").Items()
            .Where(s => s.Str("id") is not null && s.Get("account")?.Str("id") == connection.ExternalId && s.Str("in_reply_to_id") == lookup.CommentExternalId)
            .Where(s => s.Time("created_at") is not { } at || at >= from)
            .Select(s => new OwnText(s.Str("id")!, s.Str("url"), PostText.Normalise(PostText.FromHtml(s.Str("content")))));
        return TextLookup.Find(Platform, texts, lookup.Text, complete: true);
    }

    private async Task<PublishResult> PostStatusAsync(
        Connection connection, string text, string? inReplyTo, string idempotencyKey, CancellationToken ct, IReadOnlyList<string>? mediaIds = null)
    {
        using var request = Request(connection, HttpMethod.Post, "/api/v1/statuses");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        var status = new Dictionary<string, object?>
        {
            ["status"] = text,
            ["visibility"] = "public",
            ["in_reply_to_id"] = inReplyTo,
        };
        if (mediaIds is { Count: > 0 })
        {
            status["media_ids"] = mediaIds;
        }

        request.Content = JsonContent.Create(status);
        var response = await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething: true, ct, rateLimit: RateLimit);
        var body = response!.Body;
        return new PublishResult(Json.Required(body.Str("id"), Platform, "id", createsSomething: true), body.Str("url"));
    }

    private async Task<JsonElement> GetAsync(Connection connection, string path, CancellationToken ct)
    {
        using var request = Request(connection, HttpMethod.Get, path);
        var response = await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething: false, ct, rateLimit: RateLimit);
        return response!.Body;
    }

    private static HttpRequestMessage Request(Connection connection, HttpMethod method, string path)
    {
        var baseUrl = connection.BaseUrl ?? throw new PublishException(PublishFailureKind.Permanent, "The Mastodon connection has no instance address.");
        var token = connection.Secret(AccessToken) ?? throw new PublishException(PublishFailureKind.Permanent, "The Mastodon connection has no access token; reconnect it.");
        var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static RateLimitState? RateLimit(HttpResponseHeaders headers) => ConnectorHttp.ReadRateLimit(headers, "X-RateLimit-");

    private static IncomingComment? ToComment(JsonElement status, InteractionKind kind, string? postExternalId)
    {
        if (status.Str("id") is not { } id)
        {
            return null;
        }

        var account = status.Get("account");
        var acct = account?.Str("acct");
        var name = account?.Str("display_name") is { Length: > 0 } display ? display : acct ?? "unknown";
        return new IncomingComment(id, kind, postExternalId, status.Str("in_reply_to_id"), Clip(name, 300), acct is null ? null : Clip("@" + acct, 300),
            Clip(PostText.FromHtml(status.Str("content")), 20_000), status.Time("created_at") ?? DateTimeOffset.UnixEpoch);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
