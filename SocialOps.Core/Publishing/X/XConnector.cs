using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.X;

/// <summary>
/// X API v2 with the account's OAuth 2.0 user token. Every call is billed to the owner's X plan. X has no idempotency
/// key: a lost answer is resolved by looking for the text among the account's newest posts (X refuses duplicate
/// text with a 403 anyway).
/// </summary>
public sealed partial class XConnector(HttpClient http, MediaFiles media, TimeProvider time) : IConnector, ICommentSource, IMetricSource, IFollowerSource, ICommentReplier
{
    public const string AccessToken = "accessToken";
    public static readonly Uri DefaultBaseUrl = new("https://api.x.com");
    private const int MaxImageBytes = 5 * 1024 * 1024;
    private const string TweetFields = "tweet.fields=created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets&expansions=author_id&user.fields=username,name";

    public Platform Platform => Platform.X;

    public async Task<AccountProfile> VerifyAsync(Connection connection, CancellationToken ct)
    {
        var me = (await GetAsync(connection, "/2/users/me?user.fields=profile_image_url,public_metrics", ct)).Get("data");
        var id = Json.Required(me?.Str("id"), Platform, "data.id");
        var username = me?.Str("username") ?? id;
        return new AccountProfile(id, me?.Str("name") ?? username, "@" + username, me?.Str("profile_image_url"));
    }

    public async Task<PublishResult> PublishAsync(Connection connection, PublishRequest request, CancellationToken ct)
    {
        var body = new Dictionary<string, object> { ["text"] = PostText.Compose(request) };
        if (request.ReplyTo is { } to)
        {
            // A thread's part answers the part before it.
            body["reply"] = new { in_reply_to_tweet_id = to.ParentId };
        }

        if (request.MediaReferences.Count > 0)
        {
            var ids = await ConnectorHttp.OneByOneAsync(request.MediaReferences, async reference => await UploadAsync(connection, await media.ReadAsync(reference, ct), ct));
            body["media"] = new { media_ids = ids };
        }

        return await CreateAsync(connection, body, ct);
    }

    /// <summary><c>POST /2/media/upload</c> in one request, as X takes images; videos need its chunked upload and are refused.</summary>
    private async Task<string> UploadAsync(Connection connection, MediaFile file, CancellationToken ct)
    {
        if (file.RequireImage(Platform).Bytes.Length > MaxImageBytes)
        {
            throw new PublishException(PublishFailureKind.Permanent, $"X takes images up to 5 MB; {file.FileName} is {file.Bytes.Length / 1_000_000.0:0.0} MB.");
        }

        using var request = Request(connection, HttpMethod.Post, "/2/media/upload");
        var content = new ByteArrayContent(file.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
        request.Content = new MultipartFormDataContent { { content, "media", file.FileName }, { new StringContent("tweet_image"), "media_category" } };
        var response = await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething: false, ct, rateLimit: RateLimit);
        return Json.Required(response!.Body.Path("data")?.Str("id"), Platform, "data.id");
    }

    /// <summary>Looks for the post among the account's own posts since the first attempt (see <see cref="OwnTextsAsync"/>).</summary>
    public async Task<PublishResult?> FindAsync(Connection connection, PublishRequest request, CancellationToken ct)
    {
        var (texts, complete) = request.ReplyTo is { } to
            ? await OwnTextsAsync(connection, "exclude=retweets", request.Since, to.ParentId, ct)
            : await OwnTextsAsync(connection, "exclude=replies,retweets", request.Since, null, ct);
        return TextLookup.Find(Platform, texts, PostText.Compose(request), complete);
    }

    /// <summary>Looks for our reply among the account's own posts since the attempt that answer the comment.</summary>
    public async Task<PublishResult?> FindReplyAsync(Connection connection, ReplyLookup lookup, CancellationToken ct)
    {
        var (texts, complete) = await OwnTextsAsync(connection, "exclude=retweets", lookup.Since, lookup.CommentExternalId, ct);
        return TextLookup.Find(Platform, texts, lookup.Text, complete);
    }

    /// <summary>
    /// One page of the account's newest posts (since <paramref name="since"/>, less a minute for clocks), as comparable
    /// text: X shortens every link to t.co and appends a t.co link for attached media, HTML-escapes <c>&amp;</c>, <c>&lt;</c> and
    /// <c>&gt;</c>, and starts a reply with the handles it answers. Complete when X says there is no further page.
    /// </summary>
    private async Task<(IReadOnlyList<OwnText> Texts, bool Complete)> OwnTextsAsync(Connection connection, string exclude, DateTimeOffset? since, string? inReplyTo, CancellationToken ct)
    {
        var userId = connection.ExternalId ?? throw new NotSupportedException("The X account's id is unknown.");
        var window = since is { } from ? "&start_time=" + Uri.EscapeDataString((from - TimeSpan.FromMinutes(1)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)) : "";
        var answer = await GetAsync(connection, $"/2/users/{Uri.EscapeDataString(userId)}/tweets?max_results=100&{exclude}&tweet.fields=created_at,entities,referenced_tweets{window}", ct);
        var texts = answer.Get("data").Items()
            .Where(t => t.Str("id") is not null && t.Str("text") is not null)
            .Where(t => since is null || t.Time("created_at") is not { } at || at >= since.Value - TimeSpan.FromMinutes(1))
            .Where(t => inReplyTo is null || t.Get("referenced_tweets").Items().Any(r => r.Str("type") == "replied_to" && r.Str("id") == inReplyTo))
            .Select(t => new OwnText(t.Str("id")!, Link(connection, t.Str("id")!), TextOf(t, inReplyTo is not null)))
            .ToList();
        return (texts, answer.Path("meta")?.Str("next_token") is null);
    }

    /// <summary>A post's text as we wrote it: t.co links expanded, media links dropped, entities decoded, a reply's leading handles left out.</summary>
    internal static string TextOf(JsonElement tweet, bool isReply)
    {
        var links = new Dictionary<string, string?>();
        foreach (var url in tweet.Path("entities")?.Get("urls").Items() ?? [])
        {
            if (url.Str("url") is { } shortLink)
            {
                links[shortLink] = IsMedia(url) ? null : url.Str("expanded_url") ?? url.Str("unwound_url");
            }
        }

        var text = PostText.Normalise(tweet.Str("text") ?? "", links);
        return isReply ? LeadingHandles().Replace(text, "") : text;
    }

    /// <summary>The link X appends for an attached photo or video: it has a media key, or leads to the post's photo or video page.</summary>
    private static bool IsMedia(JsonElement url) =>
        url.Str("media_key") is not null
        || url.Str("display_url") is { } display && (display.StartsWith("pic.x.com", StringComparison.OrdinalIgnoreCase) || display.StartsWith("pic.twitter.com", StringComparison.OrdinalIgnoreCase))
        || url.Str("expanded_url") is { } expanded && MediaPage().IsMatch(expanded);

    [GeneratedRegex(@"^https://(x|twitter)\.com/[^/]+/status/\d+/(photo|video)/\d+$", RegexOptions.IgnoreCase)]
    private static partial Regex MediaPage();

    [GeneratedRegex(@"^(@\w+\s+)+")]
    private static partial Regex LeadingHandles();

    public async Task<IReadOnlyList<IncomingComment>> FetchRepliesAsync(Connection connection, OwnPost post, CancellationToken ct)
    {
        var answer = await GetAsync(connection, $"/2/tweets/search/recent?query={Uri.EscapeDataString("conversation_id:" + post.ExternalId)}&max_results=100&{TweetFields}", ct);
        return [.. Comments(answer, InteractionKind.Reply, post.ExternalId).Where(c => c.AuthorHandle != connection.Handle)];
    }

    /// <summary>Mentions newer than the cursor (a post id), across pages; the cursor becomes the newest id seen.</summary>
    public async Task<CommentPage> FetchMentionsAsync(Connection connection, string? cursor, CancellationToken ct)
    {
        var userId = connection.ExternalId ?? throw new PublishException(PublishFailureKind.Permanent, "The X account's id is unknown; check the connection.");
        var items = new List<IncomingComment>();
        string? newest = null;
        string? page = null;
        for (var i = 0; i < 5; i++)
        {
            var query = $"/2/users/{Uri.EscapeDataString(userId)}/mentions?max_results=100&{TweetFields}"
                + (cursor is null ? "" : $"&since_id={Uri.EscapeDataString(cursor)}") + (page is null ? "" : $"&pagination_token={Uri.EscapeDataString(page)}");
            var answer = await GetAsync(connection, query, ct);
            newest ??= answer.Path("meta")?.Str("newest_id");
            items.AddRange(Comments(answer, InteractionKind.Mention, null));
            page = answer.Path("meta")?.Str("next_token");
            if (page is null || cursor is null)
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
        foreach (var chunk in posts.Chunk(100))
        {
            var answer = await GetAsync(connection, $"/2/tweets?ids={string.Join(',', chunk.Select(p => Uri.EscapeDataString(p.ExternalId)))}&tweet.fields=public_metrics", ct);
            counts.AddRange(answer.Get("data").Items().Where(t => t.Str("id") is not null).Select(t =>
            {
                var m = t.Get("public_metrics") ?? default;
                return new PostCounts(t.Str("id")!, m.Number("like_count") ?? 0, m.Number("reply_count") ?? 0,
                    (m.Number("retweet_count") ?? 0) + (m.Number("quote_count") ?? 0), m.Number("bookmark_count") ?? 0, Impressions: m.Number("impression_count") ?? 0);
            }));
        }

        return counts;
    }

    public async Task<long> FetchFollowersAsync(Connection connection, CancellationToken ct)
    {
        var me = await GetAsync(connection, "/2/users/me?user.fields=public_metrics", ct);
        return me.Path("data", "public_metrics")?.Number("followers_count") ?? throw new PublishException(PublishFailureKind.Transient, "X answered without followers_count.");
    }

    public Task<PublishResult> ReplyAsync(Connection connection, string commentExternalId, string text, string idempotencyKey, CancellationToken ct) =>
        CreateAsync(connection, new { text, reply = new { in_reply_to_tweet_id = commentExternalId } }, ct);

    private async Task<PublishResult> CreateAsync(Connection connection, object body, CancellationToken ct)
    {
        using var request = Request(connection, HttpMethod.Post, "/2/tweets");
        request.Content = JsonContent.Create(body);
        var response = await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething: true, ct, rateLimit: RateLimit);
        var id = Json.Required(response!.Body.Path("data")?.Str("id"), Platform, "data.id", createsSomething: true);
        return new PublishResult(id, Link(connection, id));
    }

    private async Task<JsonElement> GetAsync(Connection connection, string pathAndQuery, CancellationToken ct)
    {
        using var request = Request(connection, HttpMethod.Get, pathAndQuery);
        return (await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething: false, ct, rateLimit: RateLimit))!.Body;
    }

    private static HttpRequestMessage Request(Connection connection, HttpMethod method, string pathAndQuery)
    {
        var token = connection.Secret(AccessToken) ?? throw new PublishException(PublishFailureKind.Permanent, "The X connection has no access token; reconnect it.");
        var request = new HttpRequestMessage(method, new Uri(connection.BaseUrl ?? DefaultBaseUrl, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static IEnumerable<IncomingComment> Comments(JsonElement answer, InteractionKind kind, string? postId)
    {
        var users = answer.Path("includes")?.Get("users").Items().Where(u => u.Str("id") is not null).ToDictionary(u => u.Str("id")!) ?? [];
        foreach (var t in answer.Get("data").Items())
        {
            if (t.Str("id") is not { } id)
            {
                continue;
            }

            var author = t.Str("author_id") is { } a && users.TryGetValue(a, out var u) ? u : (JsonElement?)null;
            var parent = t.Get("referenced_tweets").Items().FirstOrDefault(r => r.Str("type") == "replied_to").Str("id");
            var username = author?.Str("username");
            yield return new IncomingComment(id, kind, postId ?? t.Str("conversation_id"), parent, author?.Str("name") ?? username ?? "unknown",
                username is null ? null : "@" + username, t.Str("text") ?? "", t.Time("created_at") ?? DateTimeOffset.UnixEpoch);
        }
    }

    private static string Link(Connection connection, string id) =>
        $"https://x.com/{(connection.Handle ?? "i").TrimStart('@')}/status/{id}";

    private static RateLimitState? RateLimit(HttpResponseHeaders headers) => ConnectorHttp.ReadRateLimit(headers, "x-rate-limit-");
}
