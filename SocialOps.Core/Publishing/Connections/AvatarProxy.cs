using System.Collections.Concurrent;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>
/// Serves connected accounts' avatars from this server, so pages keep their strict image policy: fetched through the
/// same address checks as the connectors, raster images only, at most 1 MB, kept in memory per URL.
/// </summary>
public sealed class AvatarProxy(IHttpClientFactory clients, ConnectionStore store)
{
    public const string ClientName = "avatars";
    private static readonly string[] Allowed = ["image/png", "image/jpeg", "image/gif", "image/webp"];
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string Type)> _cache = new();

    /// <summary>The account's avatar, or null when it has none or it cannot be fetched as an image.</summary>
    public async Task<(byte[] Bytes, string Type)?> GetAsync(int accountId, CancellationToken ct)
    {
        if (await store.FindAsync(accountId, ct) is not { AvatarUrl: { } url } || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        if (_cache.TryGetValue(url, out var cached))
        {
            return cached;
        }

        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(uri, ct);
            var type = response.Content.Headers.ContentType?.MediaType;
            if (!response.IsSuccessStatusCode || type is null || !Allowed.Contains(type))
            {
                return null;
            }

            var image = (await response.Content.ReadAsByteArrayAsync(ct), type);
            if (_cache.Count > 500)
            {
                _cache.Clear();
            }

            return _cache[url] = image;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException)
        {
            return null;
        }
    }
}
