using System.Collections.Concurrent;
using System.Text.Json;
using SocialOps.Core.Publishing.Connections.OAuth;
using SocialOps.Core.Publishing.Meta;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>
/// Loads connections with their secrets decrypted (through <see cref="CredentialProtector"/>, never logged) and
/// records each connection's health: last success, last error, rate-limit state. A connection made through a sign-in
/// flow with a refresh token (X) gets a new access token here shortly before the old one expires; a Threads sign-in
/// renews its 60-day token itself (<c>th_refresh_token</c>) in its last days.
/// </summary>
public sealed class ConnectionStore(
    IDbContextFactory<SocialOpsDbContext> contexts, CredentialProtector protector, OAuthClient oauth, MetaOAuthClient meta, TimeProvider time)
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _renewals = new();

    public string Seal(IReadOnlyDictionary<string, string> secrets) => protector.Protect(JsonSerializer.Serialize(secrets));

    /// <summary>The connection for an account, or a permanent failure saying why there is none.</summary>
    public Connection Open(PlatformAccount account) => Connect(account, Secrets(account));

    /// <summary>As <see cref="Open"/>, renewing an expiring token first (once per account at a time) and storing the new one.</summary>
    public async Task<Connection> OpenAsync(PlatformAccount account, CancellationToken ct)
    {
        var secrets = Secrets(account);
        if (!OAuthFlow.NeedsRefresh(secrets, time.GetUtcNow()))
        {
            return Connect(account, secrets);
        }

        var gate = _renewals.GetOrAdd(account.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var stored = await db.PlatformAccounts.SingleAsync(a => a.Id == account.Id, ct);
            secrets = Secrets(stored); // another call may have renewed it meanwhile
            if (!OAuthFlow.NeedsRefresh(secrets, time.GetUtcNow()))
            {
                return Connect(stored, secrets);
            }

            OAuthTokens tokens;
            try
            {
                tokens = secrets.GetValueOrDefault(OAuthFlow.Renewal) == OAuthFlow.ThreadsRenewal
                    ? await meta.ThreadsRefreshAsync(new Uri(secrets[OAuthFlow.TokenUrl]), secrets[GraphClient.AccessToken], ct)
                    : await oauth.RefreshAsync(new OAuthClientCredentials(
                        stored.Platform, secrets[OAuthFlow.ClientId], secrets.GetValueOrDefault(OAuthFlow.ClientSecret), new Uri(secrets[OAuthFlow.TokenUrl])),
                        secrets[OAuthFlow.RefreshToken], ct);
            }
            catch (PublishException ex) when (ex.Kind == PublishFailureKind.Permanent)
            {
                throw new PublishException(PublishFailureKind.Permanent, $"The {stored.Platform} {RenewalRefused}{ex.Message}); reconnect the account in Settings → Connections.");
            }
            catch (PublishException ex)
            {
                throw new PublishException(ex.Kind, $"The {stored.Platform} sign-in could not be renewed just now ({ex.Message}); the next call tries again.", ex.RetryAfter, ex.HttpStatus);
            }

            secrets = OAuthFlow.Renewed(secrets, tokens);
            stored.EncryptedCredentials = Seal(secrets);
            await db.SaveChangesAsync(CancellationToken.None);
            return Connect(stored, secrets);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>How the error recorded when the platform refused to renew a sign-in (reconnecting is the only way on) reads.</summary>
    private const string RenewalRefused = "sign-in could not be renewed (";

    /// <summary>
    /// Whether the account's newest recorded outcome is the platform refusing to renew its sign-in (not a renewal that
    /// only failed for now, which the next call tries again).
    /// </summary>
    public static bool RenewalFailed(PlatformAccount account) =>
        account.LastErrorAt is { } at && (account.LastSuccessAt is null || account.LastSuccessAt < at)
        && account.LastError?.Contains(RenewalRefused, StringComparison.Ordinal) == true;

    /// <summary>When the account's access token ends and whether it renews itself; nothing when unknown or unreadable.</summary>
    public (DateTimeOffset? ExpiresAt, bool RenewsItself) TokenOf(PlatformAccount account)
    {
        try
        {
            return OAuthFlow.TokenOf(Secrets(account));
        }
        catch (Exception ex) when (ex is PublishException or JsonException)
        {
            return (null, false);
        }
    }

    private Dictionary<string, string> Secrets(PlatformAccount account)
    {
        if (account.EncryptedCredentials is not { } sealedText)
        {
            return [];
        }

        var json = protector.TryUnprotect(sealedText)
            ?? throw new PublishException(PublishFailureKind.Permanent, "The stored credentials cannot be decrypted with this installation's keys; reconnect the account.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
    }

    private static Connection Connect(PlatformAccount account, IReadOnlyDictionary<string, string> secrets)
    {
        Uri? baseUrl = account.BaseUrl is { } text && Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : null;
        return new Connection(account.Id, account.Platform, baseUrl, account.ExternalId, account.Handle, secrets);
    }

    public async Task<PlatformAccount?> FindAsync(int accountId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.PlatformAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId && a.RemovedAt == null, ct);
    }

    /// <summary>Notes a call's outcome on the connection; only the exception's message is kept, never a secret.</summary>
    public Task RecordAsync(Connection connection, Exception? error, CancellationToken ct = default) =>
        RecordAsync(connection.AccountId, connection.RateLimit, error, ct);

    /// <summary>As above, for a connection that could not even be opened (its sign-in could not be renewed).</summary>
    public async Task RecordAsync(int accountId, RateLimitState? rateLimit, Exception? error, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.SingleOrDefaultAsync(a => a.Id == accountId, ct);
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

        if (rateLimit is { } limit)
        {
            (account.RateLimitRemaining, account.RateLimitResetAt) = (limit.Remaining, limit.ResetAt);
        }

        await db.SaveChangesAsync(ct);
    }
}
