namespace SocialOps.Core.Publishing;

/// <summary>The media files SocialOps accepts, recognised by their first bytes rather than their names.</summary>
public static class MediaTypes
{
    public const long MaxImageBytes = 10 * 1024 * 1024;
    public const long MaxVideoBytes = 100 * 1024 * 1024;

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".png"] = "image/png", [".gif"] = "image/gif", [".webp"] = "image/webp",
        [".mp4"] = "video/mp4", [".mov"] = "video/quicktime", [".webm"] = "video/webm",
    };

    /// <summary>The file extension for these first bytes, or null when they are not an image or video we take.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0xFF, 0xD8, 0xFF, ..] => ".jpg",
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => ".png",
        [0x47, 0x49, 0x46, 0x38, ..] => ".gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => ".webp",
        [0x1A, 0x45, 0xDF, 0xA3, ..] => ".webm",
        [_, _, _, _, 0x66, 0x74, 0x79, 0x70, 0x71, 0x74, ..] => ".mov",
        [_, _, _, _, 0x66, 0x74, 0x79, 0x70, ..] => ".mp4",
        _ => null,
    };

    public static string? ContentType(string reference) => ContentTypes.GetValueOrDefault(Path.GetExtension(StripQuery(reference)));

    public static bool IsImageReference(string reference) => ContentType(reference)?.StartsWith("image/", StringComparison.Ordinal) == true;

    public static bool IsVideoReference(string reference) => ContentType(reference)?.StartsWith("video/", StringComparison.Ordinal) == true;

    private static string StripQuery(string reference) => reference.Split('?', '#')[0];
}

/// <summary>
/// Keeps uploaded images and videos in the data directory's <c>media</c> folder under generated names; posts refer to
/// them as <c>media/&lt;name&gt;</c> in a post's media references.
/// </summary>
public sealed class MediaStore(IOptions<DatabaseOptions> options)
{
    public const string Prefix = "media/";

    public string Directory => Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "media");

    /// <summary>Stores the file, or says why not (not an image or video, too big); nothing is kept on failure.</summary>
    public async Task<(string? Reference, string? Error)> SaveAsync(Stream content, string fileName, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var head = new byte[16];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (MediaTypes.Sniff(head.AsSpan(0, read)) is not { } extension)
        {
            return (null, $"'{fileName}' is not an image (JPEG, PNG, GIF, WebP) or a video (MP4, MOV, WebM).");
        }

        var limit = MediaTypes.IsImageReference(extension) ? MediaTypes.MaxImageBytes : MediaTypes.MaxVideoBytes;
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{Guid.NewGuid():N}{extension}";
        var path = Path.Combine(Directory, name);
        var written = (long)read;
        try
        {
            await using (var file = File.Create(path))
            {
                await file.WriteAsync(head.AsMemory(0, read), ct);
                var buffer = new byte[81920];
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    written += n;
                    if (written > limit)
                    {
                        break;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
            }

            if (written > limit)
            {
                File.Delete(path);
                return (null, $"'{fileName}' is over the limit of {limit / (1024 * 1024)} MB for {(limit == MediaTypes.MaxImageBytes ? "images" : "videos")}.");
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return (Prefix + name, null);
    }

    /// <summary>The file behind a stored reference, or null when the reference is not one of ours or is gone.</summary>
    public string? PathOf(string reference)
    {
        if (!reference.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = reference[Prefix.Length..];
        if (name.Length == 0 || name != Path.GetFileName(name) || MediaTypes.ContentType(name) is null)
        {
            return null;
        }

        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? path : null;
    }

    /// <summary>A reference is usable when it is a stored file or an https URL to an image or video.</summary>
    public bool IsUsable(string reference) =>
        PathOf(reference) is not null
        || (Uri.TryCreate(reference, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && MediaTypes.ContentType(uri.AbsolutePath) is not null);
}
