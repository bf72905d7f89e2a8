using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing.Bluesky;
using SocialOps.Core.Publishing.Mastodon;
using SocialOps.Core.Publishing.Webhook;
using SocialOps.Core.Publishing.Ingestion;
using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>
/// A new connection. Mastodon: <c>baseUrl</c> and <c>accessToken</c>; Bluesky: <c>identifier</c> (handle) and
/// <c>appPassword</c>, <c>baseUrl</c> optional (the PDS, https://bsky.social by default); Webhook: <c>baseUrl</c> (the
/// target) and a <c>whsec_</c> <c>secret</c>; Sandbox: <c>behavesAs</c>, the platform whose rules it follows.
/// </summary>
public sealed record NewConnection(
    string? Platform, string? Name, string? BaseUrl = null, string? AccessToken = null, string? Secret = null,
    string? BehavesAs = null, string? TimeZone = null, string? Identifier = null, string? AppPassword = null);

/// <summary>A connection as the API and the UI show it: never any secret.</summary>
public sealed record ConnectionView(
    int Id, string Platform, string Name, string Status, string? BehavesAs, string? Handle, string? AvatarUrl, string? BaseUrl,
    string TimeZone, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastErrorAt, string? LastError,
    int? RateLimitRemaining, DateTimeOffset? RateLimitResetAt, int MaxLength)
{
    public static ConnectionView Of(PlatformAccount a) => new(
        a.Id, a.IsSandbox ? "sandbox" : PlatformName(a.Platform), a.DisplayName, StatusOf(a), a.IsSandbox ? PlatformName(a.Platform) : null, a.Handle, a.AvatarUrl,
        a.BaseUrl, a.TimeZone, a.IsDemo, a.CreatedAt, a.LastSuccessAt, a.LastErrorAt, a.LastError, a.RateLimitRemaining, a.RateLimitResetAt,
        a.MaxLength ?? PlatformRules.For(a.Platform).MaxLength);

    /// <summary><c>connected</c>, <c>paused</c>, or <c>error</c> when the newest call failed.</summary>
    public static string StatusOf(PlatformAccount a) =>
        a.IsPaused ? "paused" : a.LastErrorAt is { } failed && (a.LastSuccessAt is null || a.LastSuccessAt < failed) ? "error" : "connected";

    public static string PlatformName(Platform p) => p.ToString().ToLowerInvariant();
}

/// <summary>Adds, checks, changes and removes connections; every change is audited.</summary>
public sealed class ConnectionService(
    IDbContextFactory<SocialOpsDbContext> contexts, IEnumerable<IConnector> connectors, ConnectionStore store, NetworkGuard guard,
    IngestionTriggers ingestion, PostTriggers postTriggers, PostEvents events, AuditLog audit, TimeProvider time)
{
    private readonly Dictionary<Platform, IConnector> _connectors = connectors.ToDictionary(c => c.Platform);

    public IReadOnlyCollection<Platform> ConnectablePlatforms => _connectors.Keys;

    public async Task<IReadOnlyList<ConnectionView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var accounts = await db.PlatformAccounts.AsNoTracking().Where(a => a.RemovedAt == null).ToListAsync(ct);
        return [.. accounts.OrderBy(a => a.Platform).ThenBy(a => a.Id).Select(ConnectionView.Of)];
    }

    public async Task<ConnectionView?> GetAsync(int id, CancellationToken ct = default) =>
        await store.FindAsync(id, ct) is { } account ? ConnectionView.Of(account) : null;

    /// <summary>Checks the request and the credentials against the platform, then stores the connection.</summary>
    public async Task<(ConnectionView? Connection, ValidationErrors Errors)> AddAsync(NewConnection request, Actor actor, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors.Add("name", "Give the connection a name of 1 to 200 characters.");
        }

        var zone = string.IsNullOrWhiteSpace(request.TimeZone) ? "Etc/UTC" : request.TimeZone.Trim();
        if (Zones.Find(zone) is null)
        {
            errors.Add("timeZone", $"Unknown time zone '{request.TimeZone}'. Use an IANA id such as Europe/Berlin.");
        }

        if (!TryPlatform(request.Platform, out var platform))
        {
            errors.Add("platform", $"Unknown platform '{request.Platform}'. Use sandbox or one of: {string.Join(", ", _connectors.Keys.Select(ConnectionView.PlatformName))}.");
            return (null, errors);
        }

        var account = new PlatformAccount { Platform = platform, DisplayName = name, TimeZone = zone, CreatedAt = time.GetUtcNow() };
        if (platform == Platform.Sandbox)
        {
            var behaves = Platform.Sandbox;
            if (!string.IsNullOrWhiteSpace(request.BehavesAs) && !TryPlatform(request.BehavesAs, out behaves))
            {
                errors.Add("behavesAs", $"Unknown platform '{request.BehavesAs}'. Use one of: {string.Join(", ", Enum.GetValues<Platform>().Select(ConnectionView.PlatformName))}.");
            }

            (account.Platform, account.IsSandbox) = (behaves, true);
            account.ExternalId = $"sandbox-{Guid.NewGuid():N}";
            account.Handle = $"@{ConnectionView.PlatformName(behaves)}.sandbox";
            return errors.Count > 0 ? (null, errors) : (await SaveAsync(account, actor, ct), errors);
        }

        if (!_connectors.TryGetValue(platform, out var connector))
        {
            errors.Add("platform", $"No connector for {platform} yet; add a Sandbox account behaving as {platform} ({{\"platform\":\"sandbox\",\"behavesAs\":\"{ConnectionView.PlatformName(platform)}\"}}).");
            return (null, errors);
        }

        var secrets = Secrets(platform, request, errors);
        var (url, problem) = guard.CheckUrl(platform == Platform.Bluesky && string.IsNullOrWhiteSpace(request.BaseUrl) ? BlueskyConnector.DefaultBaseUrl.ToString() : request.BaseUrl);
        if (problem is not null)
        {
            errors.Add("baseUrl", problem);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        account.BaseUrl = url!.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var connection = new Connection(0, platform, url, null, null, secrets);
        AccountProfile profile;
        try
        {
            profile = await connector.VerifyAsync(connection, ct);
        }
        catch (PublishException ex)
        {
            errors.Add("credentials", ex.Message);
            return (null, errors);
        }

        account.ExternalId = profile.ExternalId.Length <= 200 ? profile.ExternalId : profile.ExternalId[..200];
        (account.Handle, account.AvatarUrl, account.MaxLength) = (Clip(profile.Handle, 300), SafeUrl(profile.AvatarUrl), profile.MaxLength);
        account.EncryptedCredentials = store.Seal(secrets);
        (account.LastSuccessAt, account.RateLimitRemaining, account.RateLimitResetAt) = (time.GetUtcNow(), connection.RateLimit?.Remaining, connection.RateLimit?.ResetAt);
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (await db.PlatformAccounts.AnyAsync(a => a.Platform == platform && a.ExternalId == account.ExternalId, ct))
            {
                errors.Add("credentials", $"This {platform} account ({profile.Handle}) is already connected.");
                return (null, errors);
            }
        }

        return (await SaveAsync(account, actor, ct), errors);
    }

    /// <summary>Calls the platform's who-am-I again and refreshes name, handle and avatar. Null: no such connection.</summary>
    public async Task<(ConnectionView? Connection, string? Problem)> CheckAsync(int id, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.SingleOrDefaultAsync(a => a.Id == id && a.RemovedAt == null, ct);
        if (account is null)
        {
            return (null, null);
        }

        if (account.PublishesToSandbox)
        {
            account.LastSuccessAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return (ConnectionView.Of(account), null);
        }

        string? problem = null;
        Connection? connection = null;
        try
        {
            connection = store.Open(account);
            var connector = _connectors.GetValueOrDefault(account.Platform)
                ?? throw new PublishException(PublishFailureKind.Permanent, $"No connector for {account.Platform} is set up.");
            var profile = await connector.VerifyAsync(connection, ct);
            (account.Handle, account.AvatarUrl, account.MaxLength) = (Clip(profile.Handle, 300), SafeUrl(profile.AvatarUrl), profile.MaxLength);
            account.LastSuccessAt = time.GetUtcNow();
        }
        catch (PublishException ex)
        {
            problem = ex.Message;
            (account.LastErrorAt, account.LastError) = (time.GetUtcNow(), Clip(ex.Message, 1000));
        }

        if (connection?.RateLimit is { } limit)
        {
            (account.RateLimitRemaining, account.RateLimitResetAt) = (limit.Remaining, limit.ResetAt);
        }

        audit.Add(db, actor, "connection.check", "PlatformAccount", Id(account), new { ok = problem is null });
        await db.SaveChangesAsync(ct);
        return (ConnectionView.Of(account), problem);
    }

    /// <summary>Renames, moves to another time zone, pauses or resumes. Null: no such connection.</summary>
    public async Task<(ConnectionView? Connection, ValidationErrors Errors)> UpdateAsync(int id, string? name, string? timeZone, bool? paused, Actor actor, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        if (name is not null && name.Trim().Length is 0 or > 200)
        {
            errors.Add("name", "Give the connection a name of 1 to 200 characters.");
        }

        if (timeZone is not null && Zones.Find(timeZone.Trim()) is null)
        {
            errors.Add("timeZone", $"Unknown time zone '{timeZone}'. Use an IANA id such as Europe/Berlin.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.SingleOrDefaultAsync(a => a.Id == id && a.RemovedAt == null, ct);
        if (account is null || errors.Count > 0)
        {
            return (null, errors);
        }

        account.DisplayName = name?.Trim() ?? account.DisplayName;
        account.TimeZone = timeZone?.Trim() ?? account.TimeZone;
        account.IsPaused = paused ?? account.IsPaused;
        audit.Add(db, actor, "connection.update", "PlatformAccount", Id(account), new { name, timeZone, paused });
        await db.SaveChangesAsync(ct);
        return (ConnectionView.Of(account), errors);
    }

    /// <summary>
    /// Removes a connection: its secrets are wiped and it disappears from lists, its history (posts, comments,
    /// metrics) stays, and its pending posts and series are cancelled. Returns the number of posts cancelled, or null.
    /// </summary>
    public async Task<int?> RemoveAsync(int id, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.SingleOrDefaultAsync(a => a.Id == id && a.RemovedAt == null, ct);
        if (account is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var pending = await db.Posts.Where(p => p.AccountId == id && (p.Status == PostStatus.Scheduled || p.Status == PostStatus.Retrying
            || p.Status == PostStatus.Draft || p.Status == PostStatus.Missed)).ToListAsync(ct);
        foreach (var post in pending)
        {
            (post.Status, post.UpdatedAt, post.StatusReason) = (PostStatus.Cancelled, now, "Its connection was removed.");
        }

        foreach (var series in await db.Schedules.Where(s => s.SeriesAccountId == id && s.IsActive).ToListAsync(ct))
        {
            (series.IsActive, series.NextOccurrenceAt) = (false, null);
        }

        (account.RemovedAt, account.IsActive, account.EncryptedCredentials) = (now, false, null);
        account.ExternalId = null;
        audit.Add(db, actor, "connection.remove", "PlatformAccount", Id(account), new { account.Platform, cancelledPosts = pending.Count });
        await db.SaveChangesAsync(ct);
        foreach (var post in pending)
        {
            await postTriggers.RemoveAsync(post.Id, ct);
            events.Publish(PostStatusChanged.Of(post, now));
        }

        await ingestion.RemoveAsync(id, ct);
        return pending.Count;
    }

    /// <summary>Pending posts a removal would cancel, for the confirmation.</summary>
    public async Task<int> PendingPostsAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Posts.CountAsync(p => p.AccountId == id && (p.Status == PostStatus.Scheduled || p.Status == PostStatus.Retrying
            || p.Status == PostStatus.Draft || p.Status == PostStatus.Missed), ct);
    }

    private async Task<ConnectionView> SaveAsync(PlatformAccount account, Actor actor, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.PlatformAccounts.Add(account);
        await db.SaveChangesAsync(ct);
        audit.Add(db, actor, "connection.add", "PlatformAccount", Id(account), new { account.Platform, account.IsSandbox, name = account.DisplayName });
        await db.SaveChangesAsync(ct);
        if (!account.PublishesToSandbox)
        {
            await ingestion.SetAsync(account.Id, ct);
        }

        return ConnectionView.Of(account);
    }

    private static Dictionary<string, string> Secrets(Platform platform, NewConnection request, ValidationErrors errors)
    {
        var secrets = new Dictionary<string, string>();
        switch (platform)
        {
            case Platform.Mastodon when string.IsNullOrWhiteSpace(request.AccessToken):
                errors.Add("accessToken", "Give the account's access token (Preferences → Development → your application).");
                break;
            case Platform.Mastodon:
                secrets[MastodonConnector.AccessToken] = request.AccessToken.Trim();
                break;
            case Platform.Bluesky when string.IsNullOrWhiteSpace(request.Identifier) || string.IsNullOrWhiteSpace(request.AppPassword):
                errors.Add(string.IsNullOrWhiteSpace(request.Identifier) ? "identifier" : "appPassword",
                    "Give the account's handle (identifier) and an app password (Settings → Privacy and security → App passwords).");
                break;
            case Platform.Bluesky:
                (secrets[BlueskyConnector.Identifier], secrets[BlueskyConnector.AppPassword]) = (request.Identifier.Trim(), request.AppPassword.Trim());
                break;
            case Platform.Webhook when WebhookSignature.Key(request.Secret?.Trim()) is null:
                errors.Add("secret", "Give the receiver's signing secret: whsec_ followed by 24 to 64 random bytes in base64.");
                break;
            case Platform.Webhook:
                secrets[WebhookConnector.SecretField] = request.Secret!.Trim();
                break;
        }

        return secrets;
    }

    private static bool TryPlatform(string? text, out Platform platform) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out platform) && Enum.IsDefined(platform) && !int.TryParse(text, out _);

    private static string? SafeUrl(string? url) =>
        url is { Length: <= 1000 } && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" ? url : null;

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static string Id(PlatformAccount a) => a.Id.ToString(CultureInfo.InvariantCulture);
}
