using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;

namespace SocialOps.Core.Inbox;

/// <summary>A comment or message that came back from a platform. Its text is attacker-controlled.</summary>
public class Interaction : IHasEvents
{
    private (DateTimeOffset At, string? ById, string By)? _assigned;
    private readonly List<(string Change, DateTimeOffset At)> _changes = [];

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

    /// <summary>What the team did about it. The queue's order and filters read it and <see cref="Priority"/> from this row,
    /// under one index, so the open queue's first page stays a range read at any size.</summary>
    public HandledState State { get; private set; }

    public DateTimeOffset? HandledAt { get; private set; }
    public string? HandledById { get; private set; }

    /// <summary>Why it was escalated or set aside, as the teammate wrote it.</summary>
    public string? HandledNote { get; private set; }

    /// <summary>How soon it wants an answer, from its reading (Low until read).</summary>
    public ResponsePriority Priority { get; private set; } = ResponsePriority.Low;

    /// <summary>What the team sent in answer, once per text.</summary>
    public List<InboxReply> Replies { get; } = [];

    /// <summary>Gives the item to a teammate (a user id), or to nobody; <paramref name="by"/> names who did it, as pages show them.</summary>
    public void AssignTo(string? userId, DateTimeOffset now, string? byId = null, string by = "Someone")
    {
        AssignedToId = userId;
        _assigned = (now, byId, by);
    }

    /// <summary>
    /// Takes the engine's reading. <paramref name="announce"/>: open inboxes reload the item (off for a comment that
    /// arrives with its reading, which is announced as an arrival).
    /// </summary>
    public void Read(SentimentAnalysis a, string modelVersion, DateTimeOffset now, bool announce)
    {
        (Sentiment ??= new SentimentResult { ModelVersion = modelVersion, Interaction = this }).Apply(a, modelVersion, now);
        Priority = a.Priority;
        if (announce)
        {
            _changes.Add(("analysed", now));
        }
    }

    /// <summary>A teammate's reading of the sentiment and intent replaces the engine's (or stands where no engine could read it).</summary>
    public void Correct(SentimentLabel label, Intent intent, DateTimeOffset now)
    {
        if (Sentiment is null)
        {
            throw new InvalidOperationException("Only an item that has been read can be corrected.");
        }

        Sentiment.Correct(label, intent);
        Priority = IntentDetector.Priority(intent);
        _changes.Add(("corrected", now));
    }

    /// <summary>What the team did with the item: handled, escalated or open again (with a note), or replied.</summary>
    public void Handle(HandledState state, string? note, string? byId, DateTimeOffset now)
    {
        State = state;
        HandledAt = state == HandledState.Open ? null : now;
        HandledById = state == HandledState.Open ? null : byId;
        HandledNote = state == HandledState.Replied ? HandledNote : string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        _changes.Add((state.Name(), now));
    }

    public IReadOnlyList<IEvent> TakeEvents(EntityState before)
    {
        // A new item is announced as an arrival, whatever was done to it before its first save.
        var events = before == EntityState.Added ? [] : _changes.Select(c => (IEvent)new InteractionsChanged([Id], c.Change, c.At)).ToList();
        _changes.Clear();
        if (_assigned is { } assigned)
        {
            _assigned = null;
            events.Add(new InteractionsChanged([Id], "assigned", assigned.At));
            if (AssignedToId is { } assignee)
            {
                events.Add(new InteractionAssigned(Id, assignee, assigned.ById, assigned.By, assigned.At));
            }
        }

        return events;
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
        // The queue: a state, then the most pressing and newest first (see InboxQueries.Order).
        b.HasIndex(i => new { i.State, i.Priority, i.ReceivedAt, i.Id });
        b.Property(i => i.HandledById).HasMaxLength(450);
        b.Property(i => i.HandledNote).HasMaxLength(1000);
        b.HasOne(i => i.Account).WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(i => i.Post).WithMany().HasForeignKey(i => i.PostId).OnDelete(DeleteBehavior.SetNull);
    }
}
