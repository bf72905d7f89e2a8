namespace SocialOps.Core.Common;

/// <summary>What someone may do. Each level includes those below it: Admin ⊃ Approver ⊃ Editor ⊃ Analyst.</summary>
public enum Access
{
    /// <summary>Signed in for nothing that changes state (a wall key's cookie, someone signing in).</summary>
    None,

    /// <summary>Reads analytics and the inbox.</summary>
    Analyst,

    /// <summary>Composes, schedules, replies.</summary>
    Editor,

    /// <summary>Approves or rejects what Editors schedule.</summary>
    Approver,

    /// <summary>Users, connections, tokens and settings.</summary>
    Admin,

    /// <summary>SocialOps itself: the scheduler, ingestion, start-up.</summary>
    System,
}

/// <summary>
/// Who is acting: a signed-in user, a token, or the system itself. Every state-changing service method takes one and
/// checks its <see cref="Access"/> (<see cref="Require"/>), so the pages, the keyboard and the API meet the same rule.
/// </summary>
public sealed record Actor(string Name, string? UserId = null, string? RemoteIp = null, Access Access = Access.None)
{
    public static readonly Actor System = new("system", Access: Access.System);

    /// <summary>What they schedule needs no approval (Admins, Approvers, the system).</summary>
    public bool MayApprove => Access >= Access.Approver;

    public bool Can(Access needed) => Access >= needed;

    /// <summary>Refuses (<see cref="AccessDeniedException"/>) unless the actor has at least <paramref name="needed"/>.</summary>
    public Actor Require(Access needed) => Access >= needed ? this : throw new AccessDeniedException(this, needed);
}
