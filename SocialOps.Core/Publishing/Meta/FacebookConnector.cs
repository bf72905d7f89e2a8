using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.Meta;

/// <summary>
/// Facebook Pages with a Page token: feed posts (or a photo post, the photo fetched by Facebook from a public address),
/// comments (stream), counts from the post, followers from the Page.
/// </summary>
public sealed class FacebookConnector(HttpClient http, IOptions<ConnectorOptions> options, TimeProvider time) : GraphClient(http, time), IConnector, ICommentSource, IMetricSource, IFollowerSource, ICommentReplier, IPostCommenter
{
    public static readonly Uri DefaultBaseUrl = InstagramConnector.DefaultBaseUrl;

    public override Platform Platform => Platform.Facebook;

    public async Task<AccountProfile> VerifyAsync(Connection connection, CancellationToken ct)
    {
        var page = await GetAsync(connection, $"{Escape(Account(connection))}?fields=id,name,link,picture{{url}},followers_count", ct);
        var id = Json.Required(page.Str("id"), Platform, "id");
        return new AccountProfile(id, page.Str("name") ?? id, page.Str("link"), page.Path("picture", "data")?.Str("url"));
    }

    public async Task<PublishResult> PublishAsync(Connection connection, PublishRequest request, CancellationToken ct)
    {
        var page = Escape(Account(connection));
        string id;
        switch (request.MediaReferences)
        {
            case []:
                id = Json.Required((await PostAsync(connection, $"{page}/feed", new { message = PostText.Compose(request) }, createsSomething: true, ct)).Str("id"), Platform, "id", createsSomething: true);
                break;
            case [var one] when MediaTypes.IsImageReference(one) || Uri.TryCreate(one, UriKind.Absolute, out _):
                // A photo post: its post_id (page_post) is the feed post that comments and counts belong to.
                var photo = await PostAsync(connection, $"{page}/photos", new { url = MetaMedia.PublicUrl(one, options.Value, Platform), message = PostText.Compose(request), published = true }, createsSomething: true, ct);
                id = Json.Required(photo.Str("post_id") ?? photo.Str("id"), Platform, "post_id", createsSomething: true);
                break;
            default:
                throw new PublishException(PublishFailureKind.Permanent, "Facebook posts from SocialOps take one image; keep one or publish the rest by hand.");
        }

        return new PublishResult(id, $"https://www.facebook.com/{id}");
    }

    public Task<PublishResult?> FindAsync(Connection connection, PublishRequest request, CancellationToken ct) =>
        FindByTextAsync(connection, $"{Escape(Account(connection))}/published_posts?fields=id,message,permalink_url,created_time&limit=25", "message", "permalink_url", PostText.Compose(request), request.Since, ct);

    public async Task<IReadOnlyList<IncomingComment>> FetchRepliesAsync(Connection connection, OwnPost post, CancellationToken ct)
    {
        var answer = await GetAsync(connection, $"{Escape(post.ExternalId)}/comments?filter=stream&fields=id,message,from,created_time,parent", ct);
        var page = Account(connection);
        return [.. answer.Get("data").Items()
            .Where(c => c.Path("from")?.Str("id") != page)
            .Select(c => Comment(c, c.Get("parent") is null ? InteractionKind.Comment : InteractionKind.Reply, post.ExternalId, "message"))
            .OfType<IncomingComment>()];
    }

    public Task<IReadOnlyList<PostCounts>> FetchMetricsAsync(Connection connection, IReadOnlyList<OwnPost> posts, CancellationToken ct) =>
        ConnectorHttp.OneByOneAsync(posts, async post =>
        {
            var p = await GetAsync(connection, $"{Escape(post.ExternalId)}?fields=reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares", ct);
            return new PostCounts(post.ExternalId, p.Path("reactions", "summary")?.Number("total_count") ?? 0,
                p.Path("comments", "summary")?.Number("total_count") ?? 0, p.Path("shares")?.Number("count") ?? 0);
        });

    public async Task<long> FetchFollowersAsync(Connection connection, CancellationToken ct) =>
        (await GetAsync(connection, $"{Escape(Account(connection))}?fields=followers_count", ct)).Number("followers_count")
            ?? throw new PublishException(PublishFailureKind.Transient, "Facebook answered without followers_count.");

    public async Task<PublishResult> ReplyAsync(Connection connection, string commentExternalId, string text, string idempotencyKey, CancellationToken ct)
    {
        var reply = await PostAsync(connection, $"{Escape(commentExternalId)}/comments", new { message = text }, createsSomething: true, ct);
        return new PublishResult(Json.Required(reply.Str("id"), Platform, "id", createsSomething: true), null);
    }

    /// <summary>The Page's own comment under its post (a first comment): <c>POST /{post}/comments</c>.</summary>
    public async Task<PublishResult> CommentAsync(Connection connection, string postExternalId, string text, CancellationToken ct)
    {
        var comment = await PostAsync(connection, $"{Escape(postExternalId)}/comments", new { message = text }, createsSomething: true, ct);
        return new PublishResult(Json.Required(comment.Str("id"), Platform, "id", createsSomething: true), null);
    }

    /// <summary>The Page's own replies under the comment (Facebook ignores idempotency keys; the text is the only trace).</summary>
    public Task<PublishResult?> FindReplyAsync(Connection connection, ReplyLookup lookup, CancellationToken ct)
    {
        var page = Account(connection);
        return FindOwnAsync(connection, $"{Escape(lookup.CommentExternalId)}/comments?fields=id,message,from,created_time&limit=100", "message", "permalink_url",
            c => c.Path("from")?.Str("id") == page, lookup.Text, lookup.Since, ct);
    }
}
