using SocialOps.Core.Publishing.Sandbox;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>
/// The scheduler's publisher for one platform: it looks up the post's account and hands the call to the Sandbox (for
/// Sandbox and demo accounts) or to the platform's connector. When an earlier attempt of the same post may have
/// reached the platform (<see cref="PublishRequest.MayExist"/>), it first asks the connector (<see cref="IConnector.FindAsync"/>) and sends nothing if the
/// post is already there.
/// </summary>
public sealed class ConnectorRouter(
    Platform platform, IConnector? connector, SandboxPublisher sandbox, ConnectionStore store)
    : IPlatformPublisher
{
    public Platform Platform => platform;

    public IConnector? Connector => connector;

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var account = await AccountAsync(request);
        if (account.PublishesToSandbox)
        {
            return await sandbox.PublishAsync(request, cancellationToken);
        }

        if (account.IsPaused)
        {
            throw new PublishException(PublishFailureKind.Permanent, $"The {platform} connection '{account.DisplayName}' is paused; resume it in Settings → Connections, then publish the post again.");
        }

        var (real, connection) = await OpenRecordingAsync(account, cancellationToken);

        try
        {
            if (request.MayExist && await TryFindAsync(real, connection, request, cancellationToken) is { } existing)
            {
                await store.RecordAsync(connection, null, CancellationToken.None);
                return existing;
            }

            // A reply on a platform without reply posts (a first comment on Instagram, Facebook, LinkedIn) is a comment under the post.
            var result = request.ReplyTo is { } to && real is IPostCommenter commenter
                ? await commenter.CommentAsync(connection, to.ParentId, request.Content, cancellationToken)
                : await real.PublishAsync(connection, request, cancellationToken);
            await store.RecordAsync(connection, null, CancellationToken.None);
            return result;
        }
        catch (PublishException ex)
        {
            await store.RecordAsync(connection, ex, CancellationToken.None);
            throw;
        }
    }

    public async Task<PublishResult?> FindAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var account = await AccountAsync(request);
        if (account.PublishesToSandbox)
        {
            return await sandbox.FindAsync(request, cancellationToken);
        }

        var (real, connection) = await OpenRecordingAsync(account, cancellationToken);

        return await real.FindAsync(connection, request, cancellationToken);
    }

    /// <summary>Opening may renew the sign-in's token: a renewal that fails is the connection's error too.</summary>
    private async Task<(IConnector Connector, Connection Connection)> OpenRecordingAsync(PlatformAccount account, CancellationToken ct)
    {
        try
        {
            return await OpenAsync(account, ct);
        }
        catch (PublishException ex)
        {
            await store.RecordAsync(account.Id, null, ex, CancellationToken.None);
            throw;
        }
    }

    private async Task<PlatformAccount> AccountAsync(PublishRequest request) =>
        request.AccountId is { } id && await store.FindAsync(id, CancellationToken.None) is { } account
            ? account
            : throw new PublishException(PublishFailureKind.Permanent, $"The post's {platform} account is not connected (any more); choose another account.");

    private async Task<(IConnector Connector, Connection Connection)> OpenAsync(PlatformAccount account, CancellationToken ct) =>
        connector is null
            ? throw new PublishException(PublishFailureKind.Permanent, $"No connector for {platform} is set up; connect a Sandbox account behaving as {platform} instead.")
            : (connector, await store.OpenAsync(account, ct));

    /// <summary>The existing publication, or null when there is none or the platform cannot tell (the user chose to send again).</summary>
    private static async Task<PublishResult?> TryFindAsync(IConnector real, Connection connection, PublishRequest request, CancellationToken ct)
    {
        try
        {
            return await real.FindAsync(connection, request, ct);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
