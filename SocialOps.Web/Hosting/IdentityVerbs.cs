using System.Security.Cryptography;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Hosting;

/// <summary><c>users create</c>, <c>users reset-password</c> and <c>tokens create</c>: administration from a shell, no server or sign-in needed.</summary>
internal static class IdentityVerbs
{
    // Whoever can run the app's commands on the server is its operator: the commands act with full access.
    private static readonly Actor Shell = new("shell", Access: Access.System);

    public static async Task<int> UsersAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var a = new VerbArguments(args);
        if (a.Positional is ["reset-password"] && a["email"] is { } forgotten)
        {
            return await ResetPasswordAsync(services, forgotten, a["password"], a["base-url"], ct);
        }

        if (a.Positional is not ["create"] || a["email"] is not { } email || a["role"] is not { } role)
        {
            return Fail("Usage: users create --email EMAIL --role Admin|Editor|Analyst [--password PASSWORD]" + Environment.NewLine +
                "       users reset-password --email EMAIL [--password PASSWORD | --base-url https://socialops.example.com]");
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        var generated = a["password"] is null;
        var password = a["password"] ?? GeneratePassword();
        await using var scope = services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(email, password, Canonical(role), Shell);
        if (user is null)
        {
            return Fail($"User not created: {string.Join(" ", errors)}");
        }

        Console.WriteLine($"Created {user.Email} as {Canonical(role)}.");
        if (generated)
        {
            Console.WriteLine($"Initial password (shown once; ask them to change it): {password}");
        }

        return 0;
    }

    /// <summary>
    /// For when nobody who could create a reset link can sign in: sets the given password, or prints a one-time link
    /// (the same an Admin would create in Settings) for the person to choose their own.
    /// </summary>
    private static async Task<int> ResetPasswordAsync(IServiceProvider services, string email, string? password, string? baseUrl, CancellationToken ct)
    {
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        await using var scope = services.CreateAsyncScope();
        var resets = scope.ServiceProvider.GetRequiredService<PasswordResets>();
        if (password is not null)
        {
            var errors = await resets.SetPasswordAsync(email, password, Shell);
            if (errors.Count > 0)
            {
                return Fail($"Password not changed: {string.Join(" ", errors)}");
            }

            Console.WriteLine($"Set a new password for {email.Trim()}; their other sessions are signed out.");
            return 0;
        }

        if (await resets.UserIdAsync(email) is not { } userId)
        {
            return Fail($"Password not changed: no user has the email {email.Trim()}.");
        }

        var (link, problem) = await resets.CreateLinkAsync(userId, Shell);
        if (link is null)
        {
            return Fail($"Password not changed: {problem}");
        }

        var address = PasswordResetLinks.For(link);
        Console.WriteLine($"A one-time link for {link.Email} to choose a new password, valid until {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC:");
        Console.WriteLine(baseUrl is null ? $"(after this server's address) /{address}" : $"{baseUrl.TrimEnd('/')}/{address}");
        return 0;
    }

    public static async Task<int> TokensAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var a = new VerbArguments(args);
        if (a.Positional is not ["create"] || a["name"] is not { } name || a["role"] is not { } role)
        {
            return Fail("Usage: tokens create --name NAME --role Admin|Editor|Analyst [--expires-days N]");
        }

        int? days = null;
        if (a["expires-days"] is { } text)
        {
            if (!int.TryParse(text, out var parsed))
            {
                return Fail($"--expires-days must be a whole number of days, not '{text}'.");
            }

            days = parsed;
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        try
        {
            var token = await services.GetRequiredService<ApiTokenService>().CreateAsync(name, Canonical(role), days, Shell, ct);
            Console.WriteLine($"Created token '{token.Name}' ({token.Role}, expires {token.ExpiresAt?.ToString("yyyy-MM-dd") ?? "never"}). It is shown once:");
            Console.WriteLine(token.Token);
            return 0;
        }
        catch (ArgumentException ex)
        {
            return Fail($"Token not created: {ex.Message.Split(" (Parameter")[0]}");
        }
    }

    private static string Canonical(string role) =>
        Roles.All.FirstOrDefault(r => r.Equals(role, StringComparison.OrdinalIgnoreCase)) ?? role;

    private static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 18) + RandomNumberGenerator.GetInt32(10);

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
