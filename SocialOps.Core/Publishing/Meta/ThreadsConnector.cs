using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.Meta;

/// <summary>
/// Threads: a text container (or one image or video, fetched by Threads from a public address), then
/// <c>threads_publish</c>; replies, insights with views, followers from insights.
/// </summary>
public sealed class ThreadsConnector(HttpClient http, IOptions<ConnectorOptions> options, TimeProvider time) : GraphClient(http, time), IConnector, ICommentSource, IMetricSource, IFollowerSource, ICommentReplier
{
    public static readonly Uri DefaultBaseUrl = new("https://graph.threads.net/v1.0");

    public override Platform Platform => Platform.Threads;

    public async Task<AccountProfile> VerifyAsync(Connection connection, CancellationToken ct)
    {
        var me = await GetAsync(connection, "me?fields=id,username,name,threads_profile_picture_url", ct);
        var id = Json.Required(me.Str("id"), Platform, "id");
        return new AccountProfile(id, me.Str("name") ?? me.Str("username") ?? id, "@" + (me.Str("username") ?? id), me.Str("threads_profile_picture_url"));
    }

    public Task<PublishResult> PublishAsync(Connection connection, PublishRequest request, CancellationToken ct)
    {
        var container = new Dictionary<string, object> { ["text"] = PostText.Compose(request) };
        switch (request.MediaReferences)
        {
            case []:
                container["media_type"] = "TEXT";
                break;
            case [var one] when MediaTypes.IsVideoReference(one):
                (container["media_type"], container["video_url"]) = ("VIDEO", MetaMedia.PublicUrl(one, options.Value, Platform));
                break;
            case [var one]:
                (container["media_type"], container["image_url"]) = ("IMAGE", MetaMedia.PublicUrl(one, options.Value, Platform));
                break;
            default:
                throw new PublishException(PublishFailureKind.Permanent, "Threads posts from SocialOps take one image or video; keep one or publish the rest by hand.");
        }

        if (request.ReplyTo is { } to)
        {
            // A thread's part answers the part before it.
            container["reply_to_id"] = to.ParentId;
        }

        return CreateAsync(connection, container, ct);
    }

    /// <summary>A post among the account's newest; a thread's part among the replies under the part before it.</summary>
    public Task<PublishResult?> FindAsync(Connection connection, PublishRequest request, CancellationToken ct) =>
        request.ReplyTo is { } to
            ? FindOwnAsync(connection, $"{Escape(to.ParentId)}/replies?fields=id,text,username,timestamp,permalink", "text", "permalink",
                r => connection.Handle is null || "@" + r.Str("username") == connection.Handle, PostText.Compose(request), request.Since, ct)
            : FindByTextAsync(connection, $"{Escape(Account(connection))}/threads?fields=id,text,permalink,timestamp&limit=25", "text", "permalink", PostText.Compose(request), request.Since, ct);

    public async Task<IReadOnlyList<IncomingComment>> FetchRepliesAsync(Connection connection, OwnPost post, CancellationToken ct)
    {
        var answer = await GetAsync(connection, $"{Escape(post.ExternalId)}/conversation?fields=id,text,username,timestamp,replied_to", ct);
        return [.. answer.Get("data").Items()
            .Where(r => r.Str("username") is not { } u || "@" + u != connection.Handle)
            .Select(r => Comment(r, InteractionKind.Reply, post.ExternalId, "text", r.Path("replied_to")?.Str("id")))
            .OfType<IncomingComment>()];
    }

    public Task<IReadOnlyList<PostCounts>> FetchMetricsAsync(Connection connection, IReadOnlyList<OwnPost> posts, CancellationToken ct) =>
        ConnectorHttp.OneByOneAsync(posts, async post =>
        {
            var m = Insights(await GetAsync(connection, $"{Escape(post.ExternalId)}/insights?metric=views,likes,replies,reposts,quotes,shares", ct));
            return new PostCounts(post.ExternalId, m.GetValueOrDefault("likes"), m.GetValueOrDefault("replies"),
                m.GetValueOrDefault("reposts") + m.GetValueOrDefault("quotes") + m.GetValueOrDefault("shares"), Impressions: m.GetValueOrDefault("views"));
        });

    public async Task<long> FetchFollowersAsync(Connection connection, CancellationToken ct) =>
        Insights(await GetAsync(connection, $"{Escape(Account(connection))}/threads_insights?metric=followers_count", ct)).TryGetValue("followers_count", out var n)
            ? n
            : throw new PublishException(PublishFailureKind.Transient, "Threads answered without followers_count.");

    public Task<PublishResult> ReplyAsync(Connection connection, string commentExternalId, string text, string idempotencyKey, CancellationToken ct) =>
        CreateAsync(connection, new { media_type = "TEXT", text, reply_to_id = commentExternalId }, ct);

    /// <summary>The account's own replies under the comment (Threads ignores idempotency keys; the text is the only trace).</summary>
    public Task<PublishResult?> FindReplyAsync(Connection connection, ReplyLookup lookup, CancellationToken ct) =>
        FindOwnAsync(connection, $"{Escape(lookup.CommentExternalId)}/replies?fields=id,text,username,timestamp,permalink", "text", "permalink",
            r => connection.Handle is null || "@" + r.Str("username") == connection.Handle, lookup.Text, lookup.Since, ct);

    private async Task<PublishResult> CreateAsync(Connection connection, object container, CancellationToken ct)
    {
        var user = Escape(Account(connection));
        var created = await PostAsync(connection, $"{user}/threads", container, createsSomething: false, ct);
        var id = await PublishContainerAsync(connection, Json.Required(created.Str("id"), Platform, "id"), "status", $"{user}/threads_publish", ct);
        var link = (await GetAsync(connection, $"{Escape(id)}?fields=permalink", ct)).Str("permalink");
        return new PublishResult(id, link);
    }
}
