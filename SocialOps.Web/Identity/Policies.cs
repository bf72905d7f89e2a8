using Microsoft.AspNetCore.Authorization;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Identity;

/// <summary>The access levels. Every page and endpoint names one (or allows anonymous access on purpose).</summary>
public static class Policies
{
    /// <summary>Users, connections, tokens, audit.</summary>
    public const string Admin = "Admin";

    /// <summary>Approve or reject posts that wait for approval.</summary>
    public const string Approver = "Approver";

    /// <summary>Compose, schedule, reply, see analytics.</summary>
    public const string Editor = "Editor";

    /// <summary>Read-only analytics and inbox; every signed-in role has it.</summary>
    public const string Analyst = "Analyst";

    /// <summary>The wall screen: every signed-in role, and a wall key's cookie (which reaches nothing else).</summary>
    public const string Wall = "Wall";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Wall, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Approver, Roles.Editor, Roles.Analyst, KioskSignIn.Role));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        options.AddPolicy(Approver, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Approver));
        options.AddPolicy(Editor, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Approver, Roles.Editor));
        options.AddPolicy(Analyst, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Approver, Roles.Editor, Roles.Analyst));

        // A safety net: anything mapped without a policy still needs a signed-in user.
        options.FallbackPolicy = options.GetPolicy(Analyst);
    }
}
