using System.Security.Cryptography;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Identity;

/// <summary>
/// Until the first user exists, SocialOps serves a setup page guarded by a one-time code that only the
/// person who can read the server log knows. There is never a default password.
/// </summary>
public sealed partial class FirstRunSetup(IServiceScopeFactory scopes, ILogger<FirstRunSetup> logger) : IHostedLifecycleService
{
    private volatile bool _hasUsers;

    /// <summary>The code for this process's setup page; null once a user exists.</summary>
    public string? Code { get; private set; }

    public bool HasUsers => _hasUsers;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        _hasUsers = await scope.ServiceProvider.GetRequiredService<UserService>().AnyAsync(cancellationToken);
        if (!_hasUsers)
        {
            var digits = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 12);
            Code = $"{digits[..4]}-{digits[4..8]}-{digits[8..]}";
            LogSetupCode(logger, Code);
        }
    }

    public bool CheckCode(string? candidate) =>
        Code is { } code && candidate is not null
        && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(code),
            System.Text.Encoding.UTF8.GetBytes(candidate.Trim().ToUpperInvariant()));

    public void Completed()
    {
        _hasUsers = true;
        Code = null;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No user exists yet. Open /setup in SocialOps and enter the setup code {SetupCode} to create the first admin.")]
    private static partial void LogSetupCode(ILogger logger, string setupCode);
}
