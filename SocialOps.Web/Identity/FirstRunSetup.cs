using System.Security.Cryptography;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Identity;

/// <summary>
/// Until the first user exists, SocialOps serves a setup page guarded by a one-time code that only the
/// person who can read the server log knows. There is never a default password. Whether setup is done is read
/// from the database (so every instance of a cluster agrees), and the code is printed again every few minutes
/// until it is.
/// </summary>
public sealed partial class FirstRunSetup(IServiceScopeFactory scopes, TimeProvider time, ILogger<FirstRunSetup> logger) : IHostedLifecycleService, IDisposable
{
    /// <summary>How often the setup instructions are printed again while nobody has used them.</summary>
    public static readonly TimeSpan ReminderInterval = TimeSpan.FromMinutes(5);

    private volatile bool _done;
    private CancellationTokenSource? _reminders;

    /// <summary>The code for this process's setup page; null once a user exists.</summary>
    public string? Code { get; private set; }

    /// <summary>True once a user exists (read from the database until then, so another instance's setup counts).</summary>
    public async Task<bool> IsDoneAsync(CancellationToken ct = default)
    {
        if (!_done && await AnyUserAsync(ct))
        {
            Completed();
        }

        return _done;
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (await IsDoneAsync(cancellationToken))
        {
            return;
        }

        var digits = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 12);
        Code = $"{digits[..4]}-{digits[4..8]}-{digits[8..]}";
        PrintInstructions();
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (Code is not null)
        {
            _reminders = new CancellationTokenSource();
            _ = RemindAsync(_reminders.Token);
        }

        return Task.CompletedTask;
    }

    public bool CheckCode(string? candidate) =>
        Code is { } code && candidate is not null
        && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(code),
            System.Text.Encoding.UTF8.GetBytes(candidate.Trim().ToUpperInvariant()));

    public void Completed()
    {
        _done = true;
        Code = null;
        _reminders?.Cancel();
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _reminders?.Cancel();
        return Task.CompletedTask;
    }

    public void Dispose() => _reminders?.Dispose();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RemindAsync(CancellationToken ct)
    {
        try
        {
            // A wait after each reminder rather than a fixed cadence: a clock that jumps brings one reminder, not many.
            while (true)
            {
                await Task.Delay(ReminderInterval, time, ct);
                if (await IsDoneAsync(ct))
                {
                    break;
                }

                PrintInstructions();
            }
        }
        catch (OperationCanceledException)
        {
            // Setup was done, or the app is stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReminderFailed(logger, ex);
        }
    }

    private async Task<bool> AnyUserAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserService>().AnyAsync(ct);
    }

    private void PrintInstructions()
    {
        if (Code is { } code)
        {
            var rule = new string('=', 72);
            LogSetupCode(logger, $"{Environment.NewLine}{rule}{Environment.NewLine}  No user exists yet. Open /setup in SocialOps and enter the setup code{Environment.NewLine}{Environment.NewLine}      {code}{Environment.NewLine}{Environment.NewLine}  to create the first admin. (Or run: users create --email you@example.com --role Admin){Environment.NewLine}{rule}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "First-run setup: {Instructions}")]
    private static partial void LogSetupCode(ILogger logger, string instructions);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not check whether setup is done")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception);
}
