using System.Security.Cryptography;
using System.Text;

namespace SocialOps.Core.Publishing.Webhook;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, keyed with the
/// bytes of a <c>whsec_</c> secret (base64 after the prefix).
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    /// <summary>The key bytes, or null when the text is not a <c>whsec_</c> secret of at least 24 bytes.</summary>
    public static byte[]? Key(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var key = Convert.FromBase64String(secret[Prefix.Length..]);
            return key.Length is >= 24 and <= 64 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string Sign(byte[] key, string id, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>
    /// Checks a delivery as a receiver would: one of the space-separated signatures matches and the timestamp is within
    /// <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(byte[] key, string? id, string? timestamp, string? signatures, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (id is null || signatures is null || !long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ts)
            || Math.Abs((now - DateTimeOffset.FromUnixTimeSeconds(ts)).Ticks) > tolerance.Ticks)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, id, ts, body));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
