using System.Security.Cryptography;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Hosting;

/// <summary><c>users create</c> and <c>tokens create</c>: administration from a shell, no server or sign-in needed.</summary>
internal static class IdentityVerbs
{
    // Whoever can run the app's commands on the server is its operator: the commands act with full access.
    private static readonly Actor Shell = new("shell", Access: Access.System);

    public static async Task<int> UsersAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var a = new VerbArguments(args);
        if (a.Positional is not ["create"] || a["email"] is not { } email || a["role"] is not { } role)
        {
            return Fail("Usage: users create --email EMAIL --role Admin|Editor|Analyst [--password PASSWORD]");
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
