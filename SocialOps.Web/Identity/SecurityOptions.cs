using System.ComponentModel.DataAnnotations;

namespace SocialOps.Web.Identity;

/// <summary>Limits that keep floods and oversized requests out. Bound from <c>Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Largest request body accepted, in bytes (larger ones get 413).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Sign-in and setup attempts per client address per minute.</summary>
    [Range(1, 100_000)]
    public int LoginPerMinute { get; set; } = 10;

    /// <summary>Wall pairing attempts (codes typed or one-time links opened) per client address per minute.</summary>
    [Range(1, 100_000)]
    public int WallPairingPerMinute { get; set; } = 10;

    /// <summary>API requests per user or token per minute.</summary>
    [Range(1, 1_000_000)]
    public int ApiPerMinute { get; set; } = 600;

    /// <summary>Sentiment and AI generation requests per user or token per minute.</summary>
    [Range(1, 1_000_000)]
    public int InferencePerMinute { get; set; } = 120;
}
