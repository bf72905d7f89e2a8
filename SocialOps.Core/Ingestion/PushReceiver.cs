using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Webhook;

namespace SocialOps.Core.Ingestion;

public enum PushOutcome
{
    Stored,
    BadSignature,
    UnknownConnection,
    Malformed,
}

/// <summary>
/// Comments that platforms push instead of being polled. Nothing is read, let alone stored, before the delivery's
/// signature checks out: Standard Webhooks with the connection's secret, or Meta's <c>X-Hub-Signature-256</c>.
/// </summary>
public sealed class PushReceiver(
    IDbContextFactory<SocialOpsDbContext> contexts, ConnectionStore store, IngestionService ingestion, IOptions<ConnectorOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A signed delivery to a webhook connection: <c>{"type":"comment.created","data":{"id","text","authorName","authorHandle"?,"postId"?}}</c>.
    /// </summary>
    public async Task<(PushOutcome Outcome, int Stored)> ReceiveSignedAsync(int connectionId, string? id, string? timestamp, string? signature, string body, CancellationToken ct)
    {
        var account = await store.FindAsync(connectionId, ct);
        if (account is not { Platform: Platform.Webhook } || account.IsPaused)
        {
            return (PushOutcome.UnknownConnection, 0);
        }

        var key = WebhookSignature.Key(store.Open(account).Secret(WebhookConnector.SecretField));
        if (key is null || !WebhookSignature.Verify(key, id, timestamp, signature, body, time.GetUtcNow(), Tolerance))
        {
            return (PushOutcome.BadSignature, 0);
        }

        var data = Parse(body)?.Get("data");
        if (Parse(body)?.Str("type") != "comment.created" || data?.Str("id") is not { Length: <= 300 } externalId || data?.Str("text") is not { } text)
        {
            return (PushOutcome.Malformed, 0);
        }

        var comment = new IncomingComment(externalId, InteractionKind.Comment, data.Value.Str("postId"), data.Value.Str("parentId"),
            Clip(data.Value.Str("authorName") ?? "unknown", 300), data.Value.Str("authorHandle") is { } h ? Clip(h, 300) : null, Clip(text, 20_000),
            data.Value.Time("createdAt") ?? time.GetUtcNow());
        return (PushOutcome.Stored, await ingestion.StorePushedAsync(account, [comment], ct));
    }

    /// <summary>Meta's subscription check: the challenge back when the verify token matches, else null.</summary>
    public string? VerifyMetaSubscription(string? mode, string? token, string? challenge) =>
        mode == "subscribe" && options.Value.MetaVerifyToken is { Length: > 0 } expected && challenge is not null
            && token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expected))
            ? challenge
            : null;

    /// <summary>Instagram <c>comments</c> and Page <c>feed</c> comment changes, for connected accounts only.</summary>
    public async Task<(PushOutcome Outcome, int Stored)> ReceiveMetaAsync(string? signature, string body, CancellationToken ct)
    {
        if (options.Value.MetaAppSecret is not { Length: > 0 } secret || signature is null || !signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return (PushOutcome.BadSignature, 0);
        }

        var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.ToLowerInvariant())))
        {
            return (PushOutcome.BadSignature, 0);
        }

        if (Parse(body) is not { } root)
        {
            return (PushOutcome.Malformed, 0);
        }

        var platform = root.Str("object") switch { "instagram" => Platform.Instagram, "page" => Platform.Facebook, _ => (Platform?)null };
        var stored = 0;
        foreach (var entry in root.Get("entry").Items())
        {
            if (platform is null || entry.Str("id") is not { } accountExternalId)
            {
                continue;
            }

            await using var db = await contexts.CreateDbContextAsync(ct);
            var account = await db.PlatformAccounts.AsNoTracking()
                .SingleOrDefaultAsync(a => a.Platform == platform && a.ExternalId == accountExternalId && a.RemovedAt == null && !a.IsPaused, ct);
            if (account is null)
            {
                continue;
            }

            var comments = entry.Get("changes").Items().Select(c => ToComment(c, platform.Value)).OfType<IncomingComment>().ToList();
            stored += await ingestion.StorePushedAsync(account, comments, ct);
        }

        return (PushOutcome.Stored, stored);
    }

    private static IncomingComment? ToComment(JsonElement change, Platform platform)
    {
        var v = change.Get("value");
        if (v is not { } value)
        {
            return null;
        }

        var from = value.Get("from");
        var at = value.Number("created_time") is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.UnixEpoch;
        return (platform, change.Str("field")) switch
        {
            (Platform.Instagram, "comments") when value.Str("id") is { } id && value.Str("text") is { } text => new IncomingComment(
                id, value.Str("parent_id") is null ? InteractionKind.Comment : InteractionKind.Reply, value.Path("media")?.Str("id"), value.Str("parent_id"),
                Clip(from?.Str("username") ?? "unknown", 300), from?.Str("username") is { } u ? "@" + Clip(u, 299) : null, Clip(text, 20_000), at),
            (Platform.Facebook, "feed") when value.Str("item") == "comment" && value.Str("verb") == "add" && value.Str("comment_id") is { } id && value.Str("message") is { } message =>
                new IncomingComment(id, InteractionKind.Comment, value.Str("post_id"), value.Str("parent_id"), Clip(from?.Str("name") ?? "unknown", 300), null, Clip(message, 20_000), at),
            _ => null,
        };
    }

    private static JsonElement? Parse(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
