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

    /// <summary>What a person or token with these roles may do: the highest of them.</summary>
    public static Access AccessOf(Func<string, bool> isInRole) =>
        isInRole(Admin) ? Access.Admin
        : isInRole(Approver) ? Access.Approver
        : isInRole(Editor) ? Access.Editor
        : isInRole(Analyst) ? Access.Analyst
        : Access.None;

    /// <summary>The role that grants <paramref name="access"/> (the policy of the same name requires it or a higher one).</summary>
    public static string For(Access access) => access switch
    {
        Access.Admin or Access.System => Admin,
        Access.Approver => Approver,
        Access.Editor => Editor,
        _ => Analyst,
    };
}
