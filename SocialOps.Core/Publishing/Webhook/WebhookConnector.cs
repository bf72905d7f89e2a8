using System.Text;
using System.Text.Json;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.Webhook;

/// <summary>
/// Delivers posts to a URL as Standard Webhooks: the <c>webhook-id</c> is the post's idempotency key, the same on
/// every retry, so the receiver can drop duplicates; every delivery is signed with the connection's secret.
/// </summary>
public sealed class WebhookConnector(HttpClient http, TimeProvider time) : IConnector
{
    public const string SecretField = "secret";

    public Platform Platform => Platform.Webhook;

    /// <summary>Sends a signed <c>socialops.ping</c>; any 2xx means the receiver is there and accepts our signature.</summary>
    public async Task<AccountProfile> VerifyAsync(Connection connection, CancellationToken ct)
    {
        var id = $"socialops-ping-{Guid.NewGuid():N}";
        await DeliverAsync(connection, id, "socialops.ping", new { connection = connection.AccountId }, createsSomething: false, ct);
        var url = connection.BaseUrl!;
        var target = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)))[..32];
        return new AccountProfile($"webhook-{target}", url.Host, url.Host, null);
    }

    public async Task<PublishResult> PublishAsync(Connection connection, PublishRequest request, CancellationToken ct)
    {
        var data = new
        {
            postId = request.PostId,
            text = PostText.Compose(request),
            content = request.Content,
            hashtags = request.Hashtags,
            media = request.MediaReferences,
        };
        var body = await DeliverAsync(connection, request.IdempotencyKey, "post.published", data, createsSomething: true, ct);
        var externalId = body.ValueKind == JsonValueKind.Object && body.Str("id") is { Length: > 0 and <= 300 } id ? id : request.IdempotencyKey;
        var externalUrl = body.ValueKind == JsonValueKind.Object && body.Str("url") is { Length: <= 1000 } u && Uri.TryCreate(u, UriKind.Absolute, out _) ? u : null;
        return new PublishResult(externalId, externalUrl);
    }

    /// <summary>A receiver cannot be asked; sending again is safe because it deduplicates by <c>webhook-id</c>.</summary>
    public Task<PublishResult?> FindAsync(Connection connection, PublishRequest request, CancellationToken ct) =>
        throw new NotSupportedException("A webhook receiver cannot be asked whether it got a delivery.");

    private async Task<JsonElement> DeliverAsync(Connection connection, string id, string type, object data, bool createsSomething, CancellationToken ct)
    {
        var url = connection.BaseUrl ?? throw new PublishException(PublishFailureKind.Permanent, "The webhook connection has no target URL.");
        var key = WebhookSignature.Key(connection.Secret(SecretField))
            ?? throw new PublishException(PublishFailureKind.Permanent, "The webhook connection has no valid whsec_ secret; reconnect it.");
        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        var body = JsonSerializer.Serialize(new { type, timestamp = now.ToString("O", CultureInfo.InvariantCulture), data });
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(key, id, timestamp, body));
        var response = await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething, ct);
        return response!.Body;
    }
}
