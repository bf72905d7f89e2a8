using SocialOps.Core.Content;

namespace SocialOps.Tests.Harness;

/// <summary>
/// Posts in the state a test needs, reached through their lifecycle as the app reaches them (a post's status has no
/// setter). Each returns the post, so a new one reads <c>new Post { … }.PublishedAt(at)</c>.
/// </summary>
public static class PostStates
{
    /// <summary>Any state, due (or published) at <paramref name="at"/>; <paramref name="reason"/> for the states that carry one.</summary>
    public static Post InState(this Post post, PostStatus status, DateTimeOffset at, string reason = "For a test.")
    {
        switch (status)
        {
            case PostStatus.Draft:
                return post.PlannedFor(at);
            case PostStatus.PendingApproval:
                return post.ScheduledAt(at, needsApproval: true);
            case PostStatus.Scheduled:
                return post.ScheduledAt(at);
            case PostStatus.Publishing:
                return post.ClaimedAt(at);
            case PostStatus.Published:
                return post.PublishedAt(at);
            case PostStatus.Retrying:
                post.ClaimedAt(at);
                post.Attempts[^1].Outcome = PublishOutcome.TransientFailure;
                post.Retry(reason, at.AddMinutes(5), at);
                return post;
            case PostStatus.Unconfirmed:
                return post.UnconfirmedAt(at, reason);
            case PostStatus.Failed:
                return post.FailedAt(at, reason);
            case PostStatus.Missed:
                post.ScheduledAt(at);
                post.MarkMissed(reason, at);
                return post;
            default:
                post.ScheduledAt(at);
                post.Cancel(reason, at);
                return post;
        }
    }

    public static Post ScheduledAt(this Post post, DateTimeOffset at, bool needsApproval = false)
    {
        post.ScheduleAt(at, needsApproval, post.CreatedAt);
        return post;
    }

    public static Post PlannedFor(this Post post, DateTimeOffset? at)
    {
        post.PlanDraft(at, post.CreatedAt);
        return post;
    }

    /// <summary>Scheduled (a draft is scheduled at <paramref name="at"/> first), then claimed by a run with <paramref name="attempt"/>.</summary>
    public static Post ClaimedAt(this Post post, DateTimeOffset at, PublishAttempt? attempt = null)
    {
        if (post.Status == PostStatus.Draft)
        {
            post.ScheduledAt(post.ScheduledFor ?? at);
        }

        post.Claim(attempt ?? new PublishAttempt
        {
            AttemptNumber = post.Attempts.Count + 1, Outcome = PublishOutcome.Pending, IdempotencyKey = $"test-{Guid.NewGuid():N}", StartedAt = at,
        }, at);
        return post;
    }

    /// <summary>Published at <paramref name="at"/> through one successful attempt.</summary>
    public static Post PublishedAt(this Post post, DateTimeOffset at, string? externalId = null, string? externalUrl = null)
    {
        post.ClaimedAt(at);
        var attempt = post.Attempts[^1];
        (attempt.Outcome, attempt.CompletedAt, attempt.ExternalId, attempt.ExternalUrl) = (PublishOutcome.Succeeded, at, externalId, externalUrl);
        post.MarkPublished(externalId, externalUrl, at, null, at);
        return post;
    }

    /// <summary>Claimed, and the platform's answer lost.</summary>
    public static Post UnconfirmedAt(this Post post, DateTimeOffset at, string reason, PublishAttempt? attempt = null)
    {
        post.ClaimedAt(at, attempt);
        post.MarkUnconfirmed(reason, at);
        return post;
    }

    /// <summary>Claimed, and refused by the platform for good.</summary>
    public static Post FailedAt(this Post post, DateTimeOffset at, string reason)
    {
        post.ClaimedAt(at);
        post.Attempts[^1].Outcome = PublishOutcome.PermanentFailure;
        post.MarkFailed(reason, at);
        return post;
    }
}
