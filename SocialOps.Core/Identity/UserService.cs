using Microsoft.AspNetCore.Identity;
using SocialOps.Core.Audit;

namespace SocialOps.Core.Identity;

public sealed record UserSummary(string Id, string Email, string? DisplayName, string Role, bool TwoFactor, DateTimeOffset? LockedOutUntil);

/// <summary>Creates people and changes their roles; every change is audited. Each user has exactly one role.</summary>
public sealed class UserService(UserManager<AppUser> users, RoleManager<IdentityRole> roles, SocialOpsDbContext db, AuditLog audit, TimeProvider time)
{
    public Task<bool> AnyAsync(CancellationToken ct = default) => users.Users.AnyAsync(ct);

    /// <summary>
    /// Creates the first admin, atomically: the setup marker and the user commit together or not at all, and the
    /// marker's unique key makes every other concurrent attempt fail. Errors say why (already set up, bad password).
    /// </summary>
    public async Task<(AppUser? User, IReadOnlyList<string> Errors)> CreateFirstAdminAsync(string email, string password, Actor actor)
    {
        const string done = "SocialOps is already set up; sign in instead.";
        await EnsureRolesAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.SetupMarkers.Add(new SetupMarker { Key = SetupMarker.FirstAdmin, At = time.GetUtcNow() });
        if (!await db.TrySaveAsync(duplicatesConflict: true, CancellationToken.None) || await users.Users.AnyAsync())
        {
            return (null, [done]);
        }

        var (user, errors) = await CreateUnauditedAsync(email, password, Roles.Admin);
        if (user is null)
        {
            db.ChangeTracker.Clear();
            return (null, errors);
        }

        await transaction.CommitAsync();
        await audit.WriteAsync(actor, "user.create", "User", user.Id, new { email = user.Email, role = Roles.Admin, firstAdmin = true });
        return (user, []);
    }

    /// <summary>Creates a user with one role; the errors say what is wrong with the email or password.</summary>
    public async Task<(AppUser? User, IReadOnlyList<string> Errors)> CreateAsync(string email, string password, string role, Actor actor)
    {
        actor.Require(Access.Admin);
        if (!Roles.All.Contains(role))
        {
            return (null, [$"Role must be one of {string.Join(", ", Roles.All)}."]);
        }

        await EnsureRolesAsync();
        var (user, errors) = await CreateUnauditedAsync(email, password, role);
        if (user is not null)
        {
            await audit.WriteAsync(actor, "user.create", "User", user.Id, new { email = user.Email, role });
        }

        return (user, errors);
    }

    private async Task<(AppUser? User, IReadOnlyList<string> Errors)> CreateUnauditedAsync(string email, string password, string role)
    {
        var user = new AppUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (null, [.. created.Errors.Select(e => e.Description)]);
        }

        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            return (null, [.. added.Errors.Select(e => e.Description)]);
        }

        return (user, []);
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync()
    {
        var list = new List<UserSummary>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync())
        {
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
            list.Add(new UserSummary(user.Id, user.Email ?? user.UserName ?? "", user.DisplayName, role, user.TwoFactorEnabled,
                user.LockoutEnd > time.GetUtcNow() ? user.LockoutEnd : null));
        }

        return list;
    }

    public async Task<string?> ChangeRoleAsync(string userId, string role, Actor actor)
    {
        actor.Require(Access.Admin);
        if (!Roles.All.Contains(role))
        {
            return $"Role must be one of {string.Join(", ", Roles.All)}.";
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return "No such user.";
        }

        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && role != Roles.Admin && (await users.GetUsersInRoleAsync(Roles.Admin)).Count == 1)
        {
            return "SocialOps needs at least one Admin.";
        }

        await EnsureRolesAsync();
        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        await users.UpdateSecurityStampAsync(user); // signs the user out everywhere, so the new role applies at once
        await audit.WriteAsync(actor, "user.role", "User", user.Id, new { email = user.Email, from = current.FirstOrDefault(), to = role });
        return null;
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                try
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
                catch (DbUpdateException)
                {
                    // Another request (or instance) created it at the same moment: it exists, which is all that matters.
                    db.ChangeTracker.Clear();
                }
            }
        }
    }
}
