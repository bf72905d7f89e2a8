namespace SocialOps.Core.Content;

/// <summary>The lifecycle of a post, from draft to its final outcome.</summary>
public enum PostStatus
{
    Draft,

    /// <summary>Scheduled by someone whose posts need approval: waits for an Admin or Approver, no trigger yet.</summary>
    PendingApproval,
    Scheduled,
    Publishing,
    Published,
    Retrying,

    /// <summary>The platform was called but its answer was lost: needs reconciling, never a blind retry.</summary>
    Unconfirmed,
    Failed,

    /// <summary>Fell due while the app was down and outside the grace window.</summary>
    Missed,
    Cancelled,
}
