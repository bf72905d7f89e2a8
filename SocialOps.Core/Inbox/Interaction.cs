using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Inbox;

/// <summary>A comment or message that came back from a platform. Its text is attacker-controlled.</summary>
public class Interaction : IHasEvents
{
    private (DateTimeOffset At, string? ById, string By)? _assigned;

    public long Id { get; set; }
    public Platform Platform { get; set; }
    public InteractionKind Kind { get; set; }

    /// <summary>The platform's id; unique per account and platform, so a sync never stores a comment twice.</summary>
    public required string ExternalId { get; set; }

    public int? AccountId { get; set; }
    public PlatformAccount? Account { get; set; }
    public int? PostId { get; set; }
    public Post? Post { get; set; }
    public string? ParentExternalId { get; set; }
    public required string AuthorName { get; set; }
    public string? AuthorHandle { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public bool IsDemo { get; set; }

    /// <summary>The teammate (user id) who answers it; null: anyone.</summary>
    public string? AssignedToId { get; set; }

    public SentimentResult? Sentiment { get; set; }

    /// <summary>What the team sent in answer, once per text.</summary>
    public List<InboxReply> Replies { get; } = [];

    /// <summary>Gives the item to a teammate (a user id), or to nobody; <paramref name="by"/> names who did it, as pages show them.</summary>
    public void AssignTo(string? userId, DateTimeOffset now, string? byId = null, string by = "Someone")
    {
        AssignedToId = userId;
        _assigned = (now, byId, by);
    }

    public IReadOnlyList<IEvent> TakeEvents(EntityState before)
    {
        if (_assigned is not { } assigned)
        {
            return [];
        }

        _assigned = null;
        IEvent changed = new InteractionsChanged([Id], "assigned", assigned.At);
        return AssignedToId is { } assignee
            ? [changed, new InteractionAssigned(Id, assignee, assigned.ById, assigned.By, assigned.At)]
            : [changed];
    }
}

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> b)
    {
        b.Property(i => i.ExternalId).HasMaxLength(300);
        b.Property(i => i.ParentExternalId).HasMaxLength(300);
        b.Property(i => i.AuthorName).HasMaxLength(300);
        b.Property(i => i.AuthorHandle).HasMaxLength(300);
        b.Property(i => i.Text).HasMaxLength(20_000);
        // Platform ids are not unique across accounts (webhook senders choose their own; a status mentioning two of our
        // accounts reaches each): a comment is stored once per account. Imports without an account stay once per platform.
        b.HasIndex(i => new { i.AccountId, i.Platform, i.ExternalId }).IsUnique();
        b.HasIndex(i => new { i.Platform, i.ExternalId }).IsUnique().HasFilter("\"AccountId\" IS NULL");
        b.Property(i => i.AssignedToId).HasMaxLength(450);
        b.HasIndex(i => i.ReceivedAt);
        b.HasIndex(i => i.AssignedToId);
        b.HasOne(i => i.Account).WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(i => i.Post).WithMany().HasForeignKey(i => i.PostId).OnDelete(DeleteBehavior.SetNull);
    }
}
