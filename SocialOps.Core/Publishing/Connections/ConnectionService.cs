using SocialOps.Core.Audit;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>Adds, checks, changes and removes connections; every change is audited.</summary>
public sealed class ConnectionService(
    IDbContextFactory<SocialOpsDbContext> contexts, IEnumerable<IConnector> connectors, ConnectionStore store, NetworkGuard guard,
    IEnumerable<IConnectionFollower> followers, AuditLog audit, TimeProvider time)
{
    private readonly IConnectionFollower[] _followers = [.. followers];
    private readonly Dictionary<Platform, IConnector> _connectors = connectors.ToDictionary(c => c.Platform);

    public async Task<IReadOnlyList<ConnectionView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var accounts = await db.PlatformAccounts.AsNoTracking().Where(a => a.RemovedAt == null).ToListAsync(ct);
        return [.. accounts.OrderBy(a => a.Platform).ThenBy(a => a.Id).Select(ConnectionView.Of)];
    }

    /// <summary>
    /// Accounts by platform and name. Removed ones only when <paramref name="includeRemoved"/>: their history still
    /// counts in analytics.
    /// </summary>
    public async Task<IReadOnlyList<AccountSummary>> AccountsAsync(bool includeRemoved = false, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.PlatformAccounts.AsNoTracking().Where(a => includeRemoved || a.RemovedAt == null)
            .OrderBy(a => a.Platform).ThenBy(a => a.DisplayName).ThenBy(a => a.Id)
            .Select(a => new AccountSummary(a.Id, a.Platform, a.DisplayName, a.Handle, a.TimeZone))
            .ToListAsync(ct);
    }

    public async Task<ConnectionView?> GetAsync(int id, CancellationToken ct = default) =>
        await store.FindAsync(id, ct) is { } account ? ConnectionView.Of(account) : null;

    /// <summary>Checks the request and the credentials against the platform, then stores the connection.</summary>
    public Task<(ConnectionView? Connection, ValidationErrors Errors)> AddAsync(NewConnection request, Actor actor, CancellationToken ct = default) =>
        AddAsync(request, actor, null, ct);

    private async Task<string> PersonZoneAsync(Actor actor, CancellationToken ct)
    {
        if (actor.UserId is not { } userId)
        {
            return "Etc/UTC";
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var chosen = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).SingleOrDefaultAsync(ct);
        return Zones.Find(chosen) is not null ? chosen! : "Etc/UTC";
    }

    /// <summary>As above, keeping what a sign-in flow adds to renew the token (<paramref name="grant"/>) with the credentials.</summary>
    public async Task<(ConnectionView? Connection, ValidationErrors Errors)> AddAsync(
        NewConnection request, Actor actor, IReadOnlyDictionary<string, string>? grant, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        var errors = new ValidationErrors();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors.Add("name", "Give the connection a name of 1 to 200 characters.");
        }

        // Without a zone of its own, a connection starts in the zone of the person connecting it (then UTC).
        var zone = string.IsNullOrWhiteSpace(request.TimeZone) ? await PersonZoneAsync(actor, ct) : request.TimeZone.Trim();
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

        var secrets = ConnectionFields.Secrets(platform, request, errors);
        var (url, problem) = guard.CheckUrl(string.IsNullOrWhiteSpace(request.BaseUrl) ? ConnectionFields.DefaultBaseUrl(platform)?.ToString() : request.BaseUrl);
        if (problem is not null)
        {
            errors.Add("baseUrl", problem);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // A webhook target keeps its query (receivers often carry a token there); API bases are just scheme, host and path.
        account.BaseUrl = platform == Platform.Webhook ? url!.AbsoluteUri : url!.GetLeftPart(UriPartial.Path).TrimEnd('/');
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
        foreach (var (field, value) in grant ?? new Dictionary<string, string>())
        {
            secrets[field] = value;
        }

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
        actor.Require(Access.Admin);
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
            connection = await store.OpenAsync(account, ct);
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
        actor.Require(Access.Admin);
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
        actor.Require(Access.Admin);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.SingleOrDefaultAsync(a => a.Id == id && a.RemovedAt == null, ct);
        if (account is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var cancelled = 0;
        foreach (var follower in _followers)
        {
            cancelled += await follower.RemovingAsync(db, id, now, ct);
        }

        (account.RemovedAt, account.IsActive, account.EncryptedCredentials) = (now, false, null);
        account.ExternalId = null;
        audit.Add(db, actor, "connection.remove", "PlatformAccount", Id(account), new { account.Platform, cancelledPosts = cancelled });
        await db.SaveChangesAsync(ct);
        foreach (var follower in _followers)
        {
            await follower.RemovedAsync(id, ct);
        }

        return cancelled;
    }

    /// <summary>Pending posts a removal would cancel, for the confirmation.</summary>
    public async Task<int> PendingPostsAsync(int id, CancellationToken ct = default)
    {
        var pending = 0;
        foreach (var follower in _followers)
        {
            pending += await follower.PendingPostsAsync(id, ct);
        }

        return pending;
    }

    private async Task<ConnectionView> SaveAsync(PlatformAccount account, Actor actor, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.PlatformAccounts.Add(account);
        await db.SaveChangesAsync(ct);
        audit.Add(db, actor, "connection.add", "PlatformAccount", Id(account), new { account.Platform, account.IsSandbox, name = account.DisplayName });
        await db.SaveChangesAsync(ct);
        foreach (var follower in _followers)
        {
            await follower.AddedAsync(account, ct);
        }

        return ConnectionView.Of(account);
    }

    private static bool TryPlatform(string? text, out Platform platform) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out platform) && Enum.IsDefined(platform) && !int.TryParse(text, out _);

    private static string? SafeUrl(string? url) =>
        url is { Length: <= 1000 } && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" ? url : null;

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static string Id(PlatformAccount a) => a.Id.ToString(CultureInfo.InvariantCulture);
}
