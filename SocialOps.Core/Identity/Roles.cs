namespace SocialOps.Core.Identity;

/// <summary>What a person or token may do. Admin ⊃ Approver ⊃ Editor ⊃ Analyst.</summary>
public static class Roles
{
    /// <summary>Everything, including users, connections and tokens.</summary>
    public const string Admin = "Admin";

    /// <summary>Everything an Editor does, and approving or rejecting what Editors schedule; no administration.</summary>
    public const string Approver = "Approver";

    /// <summary>Compose, schedule, reply, and see analytics.</summary>
    public const string Editor = "Editor";

    /// <summary>Read-only analytics and inbox.</summary>
    public const string Analyst = "Analyst";

    public static readonly string[] All = [Admin, Approver, Editor, Analyst];
}
