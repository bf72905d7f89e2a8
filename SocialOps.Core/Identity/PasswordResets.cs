using Microsoft.AspNetCore.Identity;
using SocialOps.Core.Audit;

namespace SocialOps.Core.Identity;

/// <summary>A one-time password reset for one person: the token goes into a link shown once (or, later, mailed).</summary>
public sealed record PasswordResetLink(string UserId, string Email, string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Resetting a forgotten password without mail: an Admin creates a one-time link for the person, who sets a new password
/// with it. The token is Identity's own password reset token: it lapses after its lifespan, and setting the password
/// changes the security stamp, which both ends the person's other sessions and spends every link issued before.
/// </summary>
public sealed class PasswordResets(UserManager<AppUser> users, AuditLog audit, TimeProvider time, IOptions<DataProtectionTokenProviderOptions> tokens)
{
    /// <summary>How long a link works, unless a newer reset spends it first.</summary>
    public static readonly TimeSpan LinkLifespan = TimeSpan.FromHours(24);

    public const string InvalidLink =
        "This reset link has expired or was already used. Ask an Admin for a new one.";

    /// <summary>Creates a reset link for a person; only an Admin may.</summary>
    public async Task<(PasswordResetLink? Link, string? Problem)> CreateLinkAsync(string userId, Actor actor)
    {
        actor.Require(Access.Admin);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return (null, "No such user.");
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var expires = time.GetUtcNow() + tokens.Value.TokenLifespan;
        await audit.WriteAsync(actor, "user.password.link", "User", user.Id, new { email = user.Email, expires });
        return (new PasswordResetLink(user.Id, user.Email ?? user.UserName ?? "", token, expires), null);
    }

    /// <summary>Whether a link still works, so the page can say so before anyone types a new password.</summary>
    public async Task<bool> IsValidAsync(string userId, string token)
    {
        var user = string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token) ? null : await users.FindByIdAsync(userId);
        return user is not null
            && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, token);
    }

    /// <summary>
    /// Sets the new password if the link still works and the password meets the policy; the errors say what to change.
    /// Whoever holds the link acts for its person: that is what the link is for, so no role is asked for.
    /// </summary>
    public async Task<IReadOnlyList<string>> ResetAsync(string userId, string token, string newPassword, Actor actor)
    {
        var user = string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token) ? null : await users.FindByIdAsync(userId);
        if (user is null)
        {
            await audit.WriteAsync(actor, "user.password.reset.refused", "User", userId, new { reason = "no such user" });
            return [InvalidLink];
        }

        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
        {
            var invalid = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
            if (invalid)
            {
                await audit.WriteAsync(actor, "user.password.reset.refused", "User", user.Id, new { email = user.Email, reason = "expired or used link" });
            }

            return invalid ? [InvalidLink] : [.. result.Errors.Select(e => e.Description)];
        }

        // A forgotten password often comes with a locked account: the new one should let them in at once.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(actor with { Name = user.Email ?? actor.Name, UserId = user.Id }, "user.password.reset", "User", user.Id, new { email = user.Email });
        return [];
    }

    /// <summary>Sets a person's password directly (the command line's way when no Admin can sign in); only an Admin may.</summary>
    public async Task<IReadOnlyList<string>> SetPasswordAsync(string email, string newPassword, Actor actor)
    {
        actor.Require(Access.Admin);
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return [$"No user has the email {email.Trim()}."];
        }

        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), newPassword);
        if (!result.Succeeded)
        {
            return [.. result.Errors.Select(e => e.Description)];
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(actor, "user.password.set", "User", user.Id, new { email = user.Email });
        return [];
    }

    /// <summary>Finds a person by email, for the command line, which knows people by email.</summary>
    public async Task<string?> UserIdAsync(string email) => (await users.FindByEmailAsync(email.Trim()))?.Id;
}
