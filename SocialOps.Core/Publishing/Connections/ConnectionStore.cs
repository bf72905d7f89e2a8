using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Data;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>
/// Loads connections with their secrets decrypted (through <see cref="CredentialProtector"/>, never logged) and
/// records each connection's health: last success, last error, rate-limit state.
/// </summary>
public sealed class ConnectionStore(IDbContextFactory<SocialOpsDbContext> contexts, CredentialProtector protector, TimeProvider time)
{
    public string Seal(IReadOnlyDictionary<string, string> secrets) => protector.Protect(JsonSerializer.Serialize(secrets));

    /// <summary>The connection for an account, or a permanent failure saying why there is none.</summary>
    public Connection Open(PlatformAccount account)
    {
        var secrets = new Dictionary<string, string>();
        if (account.EncryptedCredentials is { } sealedText)
        {
            var json = protector.TryUnprotect(sealedText)
                ?? throw new PublishException(PublishFailureKind.Permanent, "The stored credentials cannot be decrypted with this installation's keys; reconnect the account.");
            secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }

        Uri? baseUrl = account.BaseUrl is { } text && Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : null;
        return new Connection(account.Id, account.Platform, baseUrl, account.ExternalId, account.Handle, secrets);
    }

    public async Task<PlatformAccount?> FindAsync(int accountId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.PlatformAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId && a.RemovedAt == null, ct);
    }

    /// <summary>Notes a call's outcome on the connection; only the exception's message is kept, never a secret.</summary>
    public async Task RecordAsync(Connection connection, Exception? error, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.SingleOrDefaultAsync(a => a.Id == connection.AccountId, ct);
        if (account is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (error is null)
        {
            account.LastSuccessAt = now;
        }
        else
        {
            account.LastErrorAt = now;
            account.LastError = error.Message.Length > 1000 ? error.Message[..1000] : error.Message;
        }

        if (connection.RateLimit is { } limit)
        {
            (account.RateLimitRemaining, account.RateLimitResetAt) = (limit.Remaining, limit.ResetAt);
        }

        await db.SaveChangesAsync(ct);
    }
}
