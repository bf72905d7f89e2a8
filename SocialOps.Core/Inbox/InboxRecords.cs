using SocialOps.Core.Common.Events;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Sentiment;

namespace SocialOps.Core.Inbox;

/// <summary>
/// Where a reply stands. <see cref="Failed"/>: the platform refused it, so it may be sent again. <see cref="Unconfirmed"/>:
/// it went out and the answer was lost, so it may be on the platform; nothing is sent again until the platform is asked
/// or a person decides.
/// </summary>
public enum ReplyStatus
{
    Sending,
    Sent,
    Failed,
    Unconfirmed,
}

/// <summary>
/// One reply the team sent to an interaction. The key is derived from the interaction and the text, and is unique
/// per interaction: the same text for the same comment is sent once, however often it is asked for.
/// </summary>
public class InboxReply : IHasEvents
{
    private DateTimeOffset? _unconfirmedAt;

    public long Id { get; set; }
    public long InteractionId { get; set; }
    public required string Key { get; set; }
    public required string Text { get; set; }
    public ReplyStatus Status { get; set; }
    public string? ExternalId { get; set; }
    public string? Error { get; set; }
    public string? SentById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the latest attempt started: a reply still Sending long after it was interrupted.</summary>
    public DateTimeOffset? LastAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The answer was lost: the reply may be on the platform. Open inbox pages show it at once.</summary>
    public void Unconfirm(string? error, DateTimeOffset at)
    {
        (Status, Error, _unconfirmedAt) = (ReplyStatus.Unconfirmed, error, at);
    }

    public IReadOnlyList<IEvent> TakeEvents(EntityState before)
    {
        if (_unconfirmedAt is not { } at)
        {
            return [];
        }

        _unconfirmedAt = null;
        return [new InteractionsChanged([InteractionId], "reply_unconfirmed", at)];
    }
}

/// <summary>A teammate's correction of what the engine read: training data for the next model.</summary>
public class SentimentCorrection
{
    public long Id { get; set; }
    public long InteractionId { get; set; }
    public required string Text { get; set; }
    public SentimentLabel? PreviousLabel { get; set; }
    public Intent? PreviousIntent { get; set; }
    public SentimentLabel Label { get; set; }
    public Intent Intent { get; set; }
    public string? ById { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A filter a person saved under a name on the inbox page.</summary>
public class InboxView
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }

    /// <summary>The filter as JSON (<see cref="InboxFilter"/>).</summary>
    public required string Filter { get; set; }
}

internal sealed class InboxRecordsConfiguration :
    IEntityTypeConfiguration<InboxReply>, IEntityTypeConfiguration<SentimentCorrection>, IEntityTypeConfiguration<InboxView>
{
    public void Configure(EntityTypeBuilder<InboxReply> b)
    {
        b.Property(r => r.Key).HasMaxLength(64);
        b.Property(r => r.Text).HasMaxLength(70_000);
        b.Property(r => r.ExternalId).HasMaxLength(300);
        b.Property(r => r.Error).HasMaxLength(1000);
        b.Property(r => r.SentById).HasMaxLength(450);
        b.HasIndex(r => new { r.InteractionId, r.Key }).IsUnique();
        b.HasOne<Interaction>().WithMany(i => i.Replies).HasForeignKey(r => r.InteractionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SentimentCorrection> b)
    {
        b.Property(c => c.Text).HasMaxLength(20_000);
        b.Property(c => c.ById).HasMaxLength(450);
        b.HasIndex(c => c.At);
        b.HasOne<Interaction>().WithMany().HasForeignKey(c => c.InteractionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<InboxView> b)
    {
        b.Property(v => v.UserId).HasMaxLength(450);
        b.Property(v => v.Name).HasMaxLength(100);
        b.Property(v => v.Filter).HasMaxLength(4000);
        b.HasIndex(v => new { v.UserId, v.Name }).IsUnique();
    }
}
