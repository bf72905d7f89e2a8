namespace SocialOps.Core.Publishing.Connections;

/// <summary>One media file as a connector uploads it.</summary>
public sealed record MediaFile(string FileName, string ContentType, byte[] Bytes)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>This file, when it is an image; for a platform that SocialOps sends images only.</summary>
    public MediaFile RequireImage(Platform platform) => IsImage ? this
        : throw new PublishException(PublishFailureKind.Permanent, $"{platform} posts from SocialOps take images only; remove the video or publish it by hand.");
}

/// <summary>
/// Reads a post's media for a platform that wants the bytes (Mastodon, Bluesky): an uploaded file from the media folder,
/// or an https link fetched through the network guard with the media size limits.
/// </summary>
public sealed class MediaFiles(MediaStore store, IHttpClientFactory clients)
{
    public const string ClientName = "media-fetch";

    public async Task<MediaFile> ReadAsync(string reference, CancellationToken ct)
    {
        if (store.PathOf(reference) is { } path)
        {
            return new MediaFile(Path.GetFileName(path), MediaTypes.ContentType(path)!, await File.ReadAllBytesAsync(path, ct));
        }

        if (!Uri.TryCreate(reference, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            throw new PublishException(PublishFailureKind.Permanent, $"The media file '{reference}' is no longer stored; edit the post and add it again.");
        }

        byte[] bytes;
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(url, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new PublishException((int)response.StatusCode >= 500 ? PublishFailureKind.Transient : PublishFailureKind.Permanent,
                    $"The media link {url.Host}{url.AbsolutePath} answered {(int)response.StatusCode}.");
            }

            bytes = await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (HttpRequestException ex)
        {
            throw new PublishException(PublishFailureKind.Transient, $"The media link {url.Host}{url.AbsolutePath} could not be fetched ({ex.Message}).");
        }

        var extension = MediaTypes.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, 64)))
            ?? throw new PublishException(PublishFailureKind.Permanent, $"The media link {url.Host}{url.AbsolutePath} is not an image or video SocialOps takes.");
        var name = "media" + extension;
        return new MediaFile(name, MediaTypes.ContentType(name)!, bytes);
    }
}
