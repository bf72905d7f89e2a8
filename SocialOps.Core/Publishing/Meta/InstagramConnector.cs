using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.Meta;

/// <summary>
/// Instagram professional accounts: an image container (the image must be at a public URL: stored media are served
/// from <c>Connectors:PublicMediaBaseUrl</c>), then <c>media_publish</c>; comments and replies; insights with views.
/// </summary>
public sealed class InstagramConnector(HttpClient http, IOptions<ConnectorOptions> options, TimeProvider time)
    : GraphClient(http, time), IConnector, ICommentSource, IMetricSource, IFollowerSource, ICommentReplier, IPostCommenter
{
    public static readonly Uri DefaultBaseUrl = new("https://graph.facebook.com/v23.0");

    public override Platform Platform => Platform.Instagram;

    public async Task<AccountProfile> VerifyAsync(Connection connection, CancellationToken ct)
    {
        var me = await GetAsync(connection, $"{Escape(Account(connection))}?fields=id,username,name,profile_picture_url,followers_count", ct);
        var id = Json.Required(me.Str("id"), Platform, "id");
        return new AccountProfile(id, me.Str("name") ?? me.Str("username") ?? id, "@" + (me.Str("username") ?? id), me.Str("profile_picture_url"));
    }

    public async Task<PublishResult> PublishAsync(Connection connection, PublishRequest request, CancellationToken ct)
    {
        if (request.MediaReferences.Count != 1)
        {
            throw new PublishException(PublishFailureKind.Permanent, request.MediaReferences.Count == 0
                ? "Instagram needs an image: add one to the post."
                : "Carousels are not supported yet: give the post exactly one image.");
        }

        var user = Escape(Account(connection));
        var container = await PostAsync(connection, $"{user}/media", new { image_url = PublicUrl(request.MediaReferences[0]), caption = PostText.Compose(request) }, createsSomething: false, ct);
        var id = await PublishContainerAsync(connection, Json.Required(container.Str("id"), Platform, "id"), "status_code", $"{user}/media_publish", ct);
        var link = (await GetAsync(connection, $"{Escape(id)}?fields=permalink", ct)).Str("permalink");
        return new PublishResult(id, link);
    }

    public Task<PublishResult?> FindAsync(Connection connection, PublishRequest request, CancellationToken ct) =>
        FindByTextAsync(connection, $"{Escape(Account(connection))}/media?fields=id,caption,permalink,timestamp&limit=25", "caption", "permalink", PostText.Compose(request), request.Since, ct);

    public async Task<IReadOnlyList<IncomingComment>> FetchRepliesAsync(Connection connection, OwnPost post, CancellationToken ct)
    {
        var answer = await GetAsync(connection, $"{Escape(post.ExternalId)}/comments?fields=id,text,username,timestamp,replies{{id,text,username,timestamp}}", ct);
        var found = new List<IncomingComment>();
        foreach (var c in answer.Get("data").Items())
        {
            found.Add(Comment(c, InteractionKind.Comment, post.ExternalId, "text")!);
            found.AddRange(c.Path("replies")?.Get("data").Items().Select(r => Comment(r, InteractionKind.Reply, post.ExternalId, "text", c.Str("id"))).OfType<IncomingComment>() ?? []);
        }

        return [.. found.Where(c => c is not null && c.AuthorHandle != connection.Handle)];
    }

    public Task<IReadOnlyList<PostCounts>> FetchMetricsAsync(Connection connection, IReadOnlyList<OwnPost> posts, CancellationToken ct) =>
        ConnectorHttp.OneByOneAsync(posts, async post =>
        {
            var m = Insights(await GetAsync(connection, $"{Escape(post.ExternalId)}/insights?metric=views,reach,likes,comments,shares,saved", ct));
            return new PostCounts(post.ExternalId, m.GetValueOrDefault("likes"), m.GetValueOrDefault("comments"), m.GetValueOrDefault("shares"),
                m.GetValueOrDefault("saved"), Impressions: m.GetValueOrDefault("views"), Reach: m.GetValueOrDefault("reach"));
        });

    public async Task<long> FetchFollowersAsync(Connection connection, CancellationToken ct) =>
        (await GetAsync(connection, $"{Escape(Account(connection))}?fields=followers_count", ct)).Number("followers_count")
            ?? throw new PublishException(PublishFailureKind.Transient, "Instagram answered without followers_count.");

    public async Task<PublishResult> ReplyAsync(Connection connection, string commentExternalId, string text, string idempotencyKey, CancellationToken ct)
    {
        var reply = await PostAsync(connection, $"{Escape(commentExternalId)}/replies", new { message = text }, createsSomething: true, ct);
        return new PublishResult(Json.Required(reply.Str("id"), Platform, "id", createsSomething: true), null);
    }

    /// <summary>The account's own comment under its media (a first comment): <c>POST /{media}/comments</c>.</summary>
    public async Task<PublishResult> CommentAsync(Connection connection, string postExternalId, string text, CancellationToken ct)
    {
        var comment = await PostAsync(connection, $"{Escape(postExternalId)}/comments", new { message = text }, createsSomething: true, ct);
        return new PublishResult(Json.Required(comment.Str("id"), Platform, "id", createsSomething: true), null);
    }

    /// <summary>The account's own replies under the comment (Instagram ignores idempotency keys; the text is the only trace).</summary>
    public Task<PublishResult?> FindReplyAsync(Connection connection, ReplyLookup lookup, CancellationToken ct) =>
        FindOwnAsync(connection, $"{Escape(lookup.CommentExternalId)}/replies?fields=id,text,username,timestamp", "text", "permalink",
            r => connection.Handle is null || "@" + r.Str("username") == connection.Handle, lookup.Text, lookup.Since, ct);

    private string PublicUrl(string reference) => MetaMedia.PublicUrl(reference, options.Value, Platform);
}
