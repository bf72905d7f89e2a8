using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Publishing;

/// <summary>A connection to one account on one platform.</summary>
public class PlatformAccount
{
    public int Id { get; set; }
    public Platform Platform { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>The account's handle on its platform, e.g. <c>@brand@mastodon.social</c>.</summary>
    public string? Handle { get; set; }

    /// <summary>The platform's own id of the account.</summary>
    public string? ExternalId { get; set; }

    /// <summary>API base address, for platforms that run on many servers (Mastodon, Bluesky PDS, webhooks).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Tokens and secrets, encrypted with <see cref="CredentialProtector"/>; never shown or logged.</summary>
    public string? EncryptedCredentials { get; set; }

    /// <summary>IANA time zone the account's audience lives in (best times, daily summaries).</summary>
    public string TimeZone { get; set; } = "Etc/UTC";

    public bool IsActive { get; set; } = true;
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSyncedAt { get; set; }
}

internal sealed class PlatformAccountConfiguration : IEntityTypeConfiguration<PlatformAccount>
{
    public void Configure(EntityTypeBuilder<PlatformAccount> b)
    {
        b.Property(a => a.DisplayName).HasMaxLength(200);
        b.Property(a => a.Handle).HasMaxLength(300);
        b.Property(a => a.ExternalId).HasMaxLength(200);
        b.Property(a => a.BaseUrl).HasMaxLength(500);
        b.Property(a => a.TimeZone).HasMaxLength(64);
        b.HasIndex(a => new { a.Platform, a.ExternalId }).IsUnique();
    }
}
