using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.Meta;

/// <summary>Meta's platforms fetch a post's image themselves, from a public address.</summary>
public static class MetaMedia
{
    /// <summary>An https link as it is; an uploaded file under <c>Connectors:PublicMediaBaseUrl</c>; otherwise why not.</summary>
    public static string PublicUrl(string reference, ConnectorOptions options, Platform platform)
    {
        if (Uri.TryCreate(reference, UriKind.Absolute, out var absolute) && absolute.Scheme == "https")
        {
            return reference;
        }

        return options.PublicMediaBaseUrl is { Length: > 0 } media
            ? $"{media.TrimEnd('/')}/{Uri.EscapeDataString(reference)}"
            : throw new PublishException(PublishFailureKind.Permanent, $"{platform} fetches images from a public address: set Connectors:PublicMediaBaseUrl or use an https:// image URL.");
    }
}
