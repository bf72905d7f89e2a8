using System.Net.Http.Headers;
using System.Net.Http.Json;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.LinkedIn;

/// <summary>
/// LinkedIn's versioned REST API: the Posts API with <c>LinkedIn-Version</c> and <c>X-Restli-Protocol-Version</c> on
/// every call, the new post's URN from the <c>x-restli-id</c> header, comments through socialActions. LinkedIn answers
/// 429 without any header, so a wait of its own is suggested. It offers no way to look a lost post up: an unknown
/// outcome stays Unconfirmed for the user. Counts come from a post's socialActions summary (likes, comments); follower
/// counts exist for organisations only (<c>networkSizes</c>), so a member's connection records none.
/// </summary>
public sealed class LinkedInConnector(HttpClient http, MediaFiles media, TimeProvider time) : IConnector, ICommentSource, ICommentReplier, IMetricSource, IFollowerSource, IPostCommenter
{
    public const string AccessToken = "accessToken";

    /// <summary>Posts as this organisation (<c>urn:li:organization:…</c>) instead of the member who authorised the app.</summary>
    public const string AuthorUrn = "authorUrn";

    public const string Version = "202511";
    public static readonly Uri DefaultBaseUrl = new("https://api.linkedin.com");
    private static readonly TimeSpan OwnBackoff = TimeSpan.FromMinutes(1);

    public Platform Platform => Platform.LinkedIn;

    public async Task<AccountProfile> VerifyAsync(Connection connection, CancellationToken ct)
    {
        var me = await SendAsync(connection, HttpMethod.Get, "/v2/userinfo", null, false, ct);
        var sub = Json.Required(me.Body.Str("sub"), Platform, "sub");
        var author = connection.Secret(AuthorUrn) ?? $"urn:li:person:{sub}";
        return new AccountProfile(author, me.Body.Str("name") ?? sub, me.Body.Str("email"), me.Body.Str("picture"));
    }

    public async Task<PublishResult> PublishAsync(Connection connection, PublishRequest request, CancellationToken ct)
    {
        if (request.MediaReferences.Count > 1)
        {
            throw new PublishException(PublishFailureKind.Permanent, "LinkedIn posts from SocialOps take one image; keep one or publish the rest by hand.");
        }

        var author = connection.Secret(AuthorUrn) ?? connection.ExternalId
            ?? throw new PublishException(PublishFailureKind.Permanent, "The LinkedIn connection has no author; check the connection.");
        var body = new Dictionary<string, object>
        {
            ["author"] = author,
            ["commentary"] = PostText.Compose(request),
            ["visibility"] = "PUBLIC",
            ["distribution"] = new { feedDistribution = "MAIN_FEED", targetEntities = Array.Empty<object>(), thirdPartyDistributionChannels = Array.Empty<object>() },
            ["lifecycleState"] = "PUBLISHED",
            ["isReshareDisabledByAuthor"] = false,
        };
        if (request.MediaReferences.Count == 1)
        {
            body["content"] = new { media = new { id = await UploadImageAsync(connection, author, await media.ReadAsync(request.MediaReferences[0], ct), ct), altText = "" } };
        }

        var response = await SendAsync(connection, HttpMethod.Post, "/rest/posts", body, true, ct);
        var urn = Json.Required(ConnectorHttp.Header(response.Headers, "x-restli-id"), Platform, "x-restli-id header", createsSomething: true);
        return new PublishResult(urn, $"https://www.linkedin.com/feed/update/{urn}");
    }

    /// <summary>The Images API: <c>initializeUpload</c> gives an upload URL and the image URN, then the bytes go there by PUT.</summary>
    private async Task<string> UploadImageAsync(Connection connection, string owner, MediaFile file, CancellationToken ct)
    {
        file.RequireImage(Platform);
        var started = (await SendAsync(connection, HttpMethod.Post, "/rest/images?action=initializeUpload", new { initializeUploadRequest = new { owner } }, false, ct)).Body;
        var uploadUrl = Json.Required(started.Path("value")?.Str("uploadUrl"), Platform, "value.uploadUrl");
        var image = Json.Required(started.Path("value")?.Str("image"), Platform, "value.image");
        if (!Uri.TryCreate(uploadUrl, UriKind.Absolute, out var target) || target.Scheme is not ("https" or "http"))
        {
            throw new PublishException(PublishFailureKind.Transient, "LinkedIn answered with an upload address that is not a web address.");
        }

        using var put = new HttpRequestMessage(HttpMethod.Put, target) { Content = new ByteArrayContent(file.Bytes) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.Secret(AccessToken));
        await ConnectorHttp.SendAsync(http, put, connection, time, createsSomething: false, ct, notFoundIsNull: false);
        return image;
    }

    public Task<PublishResult?> FindAsync(Connection connection, PublishRequest request, CancellationToken ct) =>
        throw new NotSupportedException("LinkedIn cannot be asked whether a post was created.");

    public async Task<IReadOnlyList<IncomingComment>> FetchRepliesAsync(Connection connection, OwnPost post, CancellationToken ct)
    {
        var answer = await SendAsync(connection, HttpMethod.Get, $"/rest/socialActions/{Uri.EscapeDataString(post.ExternalId)}/comments", null, false, ct);
        var author = connection.Secret(AuthorUrn) ?? connection.ExternalId;
        return [.. answer.Body.Get("elements").Items()
            .Where(c => c.Str("actor") != author && (c.Str("$URN") ?? c.Str("commentUrn")) is not null)
            .Select(c => new IncomingComment((c.Str("$URN") ?? c.Str("commentUrn"))!, InteractionKind.Comment, post.ExternalId, c.Str("parentComment"),
                c.Str("actor") ?? "LinkedIn member", null, c.Path("message")?.Str("text") ?? "",
                c.Path("created")?.Number("time") is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UnixEpoch))];
    }

    public Task<IReadOnlyList<PostCounts>> FetchMetricsAsync(Connection connection, IReadOnlyList<OwnPost> posts, CancellationToken ct) =>
        ConnectorHttp.OneByOneAsync(posts, async post =>
        {
            var summary = (await SendAsync(connection, HttpMethod.Get, $"/rest/socialActions/{Uri.EscapeDataString(post.ExternalId)}", null, false, ct)).Body;
            return new PostCounts(post.ExternalId,
                summary.Path("likesSummary")?.Number("totalLikes") ?? 0,
                summary.Path("commentsSummary")?.Number("aggregatedTotalComments") ?? summary.Path("commentsSummary")?.Number("totalFirstLevelComments") ?? 0,
                0);
        });

    /// <summary>An organisation's followers; a member's follower count is not available to apps.</summary>
    public async Task<long> FetchFollowersAsync(Connection connection, CancellationToken ct)
    {
        var author = connection.Secret(AuthorUrn) ?? connection.ExternalId ?? "";
        if (!author.StartsWith("urn:li:organization:", StringComparison.Ordinal))
        {
            throw new NotSupportedException("LinkedIn gives follower counts for organisations only.");
        }

        var size = (await SendAsync(connection, HttpMethod.Get, $"/rest/networkSizes/{Uri.EscapeDataString(author)}?edgeType=COMPANY_FOLLOWED_BY_MEMBER", null, false, ct)).Body;
        return size.Number("firstDegreeSize") ?? throw new PublishException(PublishFailureKind.Transient, "LinkedIn answered without firstDegreeSize.");
    }

    public async Task<PublishResult> ReplyAsync(Connection connection, string commentExternalId, string text, string idempotencyKey, CancellationToken ct)
    {
        // urn:li:comment:(urn:li:activity:123,456): the post's URN is the comment's first part.
        var start = commentExternalId.IndexOf('(', StringComparison.Ordinal);
        var end = commentExternalId.IndexOf(',', StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new PublishException(PublishFailureKind.Permanent, "Not a LinkedIn comment URN.");
        }

        var post = commentExternalId[(start + 1)..end];
        var actor = connection.Secret(AuthorUrn) ?? connection.ExternalId!;
        var response = await SendAsync(connection, HttpMethod.Post, $"/rest/socialActions/{Uri.EscapeDataString(post)}/comments",
            new { actor, @object = post, parentComment = commentExternalId, message = new { text } }, true, ct);
        var urn = ConnectorHttp.Header(response.Headers, "x-restli-id") ?? response.Body.Str("$URN") ?? commentExternalId;
        return new PublishResult(urn, null);
    }

    /// <summary>Our own comment under our post (a first comment), through the post's socialActions.</summary>
    public async Task<PublishResult> CommentAsync(Connection connection, string postExternalId, string text, CancellationToken ct)
    {
        var actor = connection.Secret(AuthorUrn) ?? connection.ExternalId!;
        var response = await SendAsync(connection, HttpMethod.Post, $"/rest/socialActions/{Uri.EscapeDataString(postExternalId)}/comments",
            new { actor, @object = postExternalId, message = new { text } }, true, ct);
        var urn = ConnectorHttp.Header(response.Headers, "x-restli-id") ?? response.Body.Str("$URN")
            ?? throw new PublishException(PublishFailureKind.Unknown, "LinkedIn answered the comment without its id.");
        return new PublishResult(urn, null);
    }

    /// <summary>
    /// Our replies under the comment (LinkedIn ignores idempotency keys; the text is the only trace): the comment's own
    /// comments by our author since the attempt, complete when LinkedIn's paging says it listed them all.
    /// </summary>
    public async Task<PublishResult?> FindReplyAsync(Connection connection, ReplyLookup lookup, CancellationToken ct)
    {
        var author = connection.Secret(AuthorUrn) ?? connection.ExternalId ?? throw new NotSupportedException("The LinkedIn connection has no author.");
        var answer = (await SendAsync(connection, HttpMethod.Get, $"/rest/socialActions/{Uri.EscapeDataString(lookup.CommentExternalId)}/comments?count=100", null, false, ct)).Body;
        var elements = answer.Get("elements").Items().ToList();
        var from = lookup.Since - TimeSpan.FromMinutes(1);
        var texts = elements
            .Where(c => c.Str("actor") == author && (c.Str("$URN") ?? c.Str("commentUrn")) is not null)
            .Where(c => c.Path("created")?.Number("time") is not { } ms || DateTimeOffset.FromUnixTimeMilliseconds(ms) >= from)
            .Select(c => new OwnText((c.Str("$URN") ?? c.Str("commentUrn"))!, null, PostText.Normalise(c.Path("message")?.Str("text") ?? "")));
        var paging = answer.Path("paging");
        var complete = paging?.Number("total") is not { } total || (paging?.Number("start") ?? 0) + elements.Count >= total;
        return TextLookup.Find(Platform, texts, lookup.Text, complete);
    }

    private async Task<ConnectorResponse> SendAsync(Connection connection, HttpMethod method, string path, object? body, bool createsSomething, CancellationToken ct)
    {
        var token = connection.Secret(AccessToken) ?? throw new PublishException(PublishFailureKind.Permanent, "The LinkedIn connection has no access token; reconnect it.");
        using var request = new HttpRequestMessage(method, new Uri(connection.BaseUrl ?? DefaultBaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("LinkedIn-Version", Version);
        request.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        try
        {
            return (await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething, ct))!;
        }
        catch (PublishException ex) when (ex.HttpStatus == 429 && ex.RetryAfter is null)
        {
            throw new PublishException(ex.Kind, ex.Message + " (LinkedIn gives no wait; trying again in a minute)", OwnBackoff, 429);
        }
    }
}
