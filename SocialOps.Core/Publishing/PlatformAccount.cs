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

    /// <summary>A Sandbox account that behaves like <see cref="Platform"/>: its rules, publishing into the Sandbox table.</summary>
    public bool IsSandbox { get; set; }

    /// <summary>Paused: nothing is published or fetched until it is resumed.</summary>
    public bool IsPaused { get; set; }

    /// <summary>Removed by a user: hidden, credentials wiped, its history kept.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    public string? AvatarUrl { get; set; }

    /// <summary>The longest post the platform takes from this account (a Mastodon instance's own limit); null: the platform's.</summary>
    public int? MaxLength { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The platform's rate-limit state as last seen: calls left and when the window resets.</summary>
    public int? RateLimitRemaining { get; set; }

    public DateTimeOffset? RateLimitResetAt { get; set; }

    /// <summary>How many posts (and pages of mentions) the newest fetch of comments could not read; 0: it read them all.</summary>
    public int CommentFetchFailures { get; set; }

    /// <summary>What went wrong in the newest fetch of comments, in a sentence naming the first post; null when nothing did.</summary>
    public string? CommentFetchError { get; set; }

    public DateTimeOffset? CommentFetchErrorAt { get; set; }

    /// <summary>Where fetching mentions resumes (the newest one already stored).</summary>
    public string? MentionsCursor { get; set; }

    /// <summary>Weekly posting-queue slots in <see cref="TimeZone"/>, as <c>Mon 09:00</c> (see <c>QueueSlot</c>).</summary>
    public List<string> QueueSlots { get; set; } = [];

    /// <summary>Whether what Editors schedule here waits for approval; null follows the installation's setting.</summary>
    public bool? RequiresApproval { get; set; }

    /// <summary>Links in this account's posts go out as our own tracked short links (see <c>Links</c>).</summary>
    public bool TrackLinks { get; set; }

    /// <summary>Publishing goes to the Sandbox table (Sandbox accounts and the demo's).</summary>
    public bool PublishesToSandbox => IsSandbox || IsDemo || Platform == Platform.Sandbox;
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
        b.Property(a => a.AvatarUrl).HasMaxLength(1000);
        b.Property(a => a.LastError).HasMaxLength(1000);
        b.Property(a => a.CommentFetchError).HasMaxLength(1000);
        b.Property(a => a.MentionsCursor).HasMaxLength(300);
        b.Ignore(a => a.PublishesToSandbox);
        b.HasIndex(a => new { a.Platform, a.ExternalId }).IsUnique();
    }
}
