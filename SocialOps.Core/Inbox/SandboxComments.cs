using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Inbox;

/// <summary>What went wrong adding a Sandbox comment: the field and why, or that the post does not exist.</summary>
public sealed record SandboxCommentProblem(string Field, string Message, bool NotFound = false);

/// <summary>
/// Someone comments on a post published to the Sandbox: the comment takes the same path as one a real connection
/// fetched (stored once, analysed, announced on the bus), so the inbox can be tried and tested with no platform.
/// </summary>
public sealed class SandboxComments(
    IDbContextFactory<SocialOpsDbContext> contexts, InboxIntake intake, IOptionsMonitor<SentimentOptions> sentiment, TimeProvider time)
{
    public const int MaxAuthorLength = 300;

    public async Task<(long? Id, SandboxCommentProblem? Problem)> AddAsync(int postId, string? author, string? text, Actor actor, CancellationToken ct)
    {
        actor.Require(Access.Editor);
        var name = author?.Trim() ?? "";
        var body = text?.Trim() ?? "";
        if (name.Length is 0 or > MaxAuthorLength)
        {
            return (null, new("author", $"The author is required and at most {MaxAuthorLength} characters."));
        }

        if (body.Length == 0 || body.Length > sentiment.CurrentValue.MaxTextLength)
        {
            return (null, new("text", $"The text is required and at most {sentiment.CurrentValue.MaxTextLength} characters."));
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var post = await db.Posts.AsNoTracking().Include(p => p.Account).SingleOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null)
        {
            return (null, new("postId", $"There is no post {postId}.", NotFound: true));
        }

        if (post.Status != PostStatus.Published || !(post.Account?.PublishesToSandbox ?? post.Platform == Platform.Sandbox))
        {
            return (null, new("postId", "Comments can be added only to a post published to the Sandbox (a Sandbox or demo account)."));
        }

        var key = $"post:{post.Id}";
        var comment = new IncomingComment(
            $"sandbox-{Guid.NewGuid():N}", InteractionKind.Comment, key, null, name, null, body, time.GetUtcNow());
        var ids = await intake.StoreAsync(post.Account, post.Platform, [comment], new Dictionary<string, int> { [key] = post.Id }, ct: ct);
        return (ids.Single(), null);
    }
}
