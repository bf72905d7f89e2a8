using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;

namespace SocialOps.Core.Inbox;

public enum HandledState
{
    Open,
    Replied,

    /// <summary>Done without a reply (the inbox's "handled").</summary>
    Dismissed,
    Escalated,
}

/// <summary>What the engine read in one interaction, and what the team did about it.</summary>
public class SentimentResult : IHasEvents
{
    private readonly List<(string Change, DateTimeOffset At)> _changes = [];

    public long Id { get; set; }
    public long InteractionId { get; set; }
    public Interaction? Interaction { get; set; }

    /// <summary>
    /// The interaction's <see cref="Interaction.ReceivedAt"/>, copied on every save (and checked by the nightly repair),
    /// so the analytics read a period's sentiment in one range scan of an index instead of a lookup per comment.
    /// </summary>
    public DateTimeOffset ReceivedAt { get; set; }

    public SentimentLabel Label { get; set; }

    /// <summary>P(positive) − P(negative), in [-1, 1].</summary>
    public double Score { get; set; }

    public double Confidence { get; set; }
    public Intent Intent { get; set; }
    public List<string> Keywords { get; set; } = [];
    /// <summary>What read it, which also says the engine (<see cref="AnalysisEngines.Of"/>): a model version, <c>rules:1</c>, <c>ai:&lt;model&gt;</c> or <c>none</c>.</summary>
    public required string ModelVersion { get; set; }
    public bool RequiresResponse { get; set; }
    public ResponsePriority Priority { get; set; }
    public string? SuggestedReply { get; set; }
    public DateTimeOffset AnalyzedAt { get; set; }
    public HandledState HandledState { get; set; }
    public DateTimeOffset? HandledAt { get; set; }
    public string? HandledById { get; set; }

    /// <summary>Why it was escalated or set aside, as the teammate wrote it.</summary>
    public string? HandledNote { get; set; }

    /// <summary>
    /// Takes the engine's reading. <paramref name="announce"/>: open inboxes reload the item (off for a comment that
    /// arrives with its reading, which is announced as an arrival).
    /// </summary>
    public void Apply(SentimentAnalysis a, string modelVersion, DateTimeOffset now, bool announce)
    {
        (ModelVersion, Label, Score, Confidence, Intent) = (a.ModelVersion ?? modelVersion, a.Sentiment, a.SentimentScore, a.Confidence, a.Intent);
        (Keywords, RequiresResponse, Priority, SuggestedReply, AnalyzedAt) = ([.. a.Keywords], a.RequiresResponse, a.Priority, a.AutoResponse, now);
        if (announce)
        {
            _changes.Add(("analysed", now));
        }
    }

    /// <summary>What the team did with the item: handled, escalated or open again (with a note), or replied.</summary>
    public void Handle(HandledState state, string? note, string? byId, DateTimeOffset now)
    {
        HandledState = state;
        HandledAt = state == HandledState.Open ? null : now;
        HandledById = state == HandledState.Open ? null : byId;
        HandledNote = state == HandledState.Replied ? HandledNote : string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        _changes.Add((state.Name(), now));
    }

    /// <summary>A teammate's reading of the sentiment and intent replaces the engine's (or stands where no engine could read it).</summary>
    public void Correct(SentimentLabel label, Intent intent, DateTimeOffset now)
    {
        (Label, Intent) = (label, intent);
        ModelVersion = AnalysisEngines.Of(ModelVersion) == AnalysisEngine.None ? AnalysisEngines.ReadByPerson : ModelVersion;
        (Priority, RequiresResponse) = (IntentDetector.Priority(intent), IntentDetector.RequiresResponse(intent));
        _changes.Add(("corrected", now));
    }

    public IReadOnlyList<IEvent> TakeEvents(EntityState before)
    {
        var events = _changes.Select(c => (IEvent)new InteractionsChanged([InteractionId], c.Change, c.At)).ToList();
        _changes.Clear();
        return events;
    }
}

internal sealed class SentimentResultConfiguration : IEntityTypeConfiguration<SentimentResult>
{
    public void Configure(EntityTypeBuilder<SentimentResult> b)
    {
        b.Property(s => s.ModelVersion).HasMaxLength(100);
        b.Property(s => s.SuggestedReply).HasMaxLength(4000);
        b.Property(s => s.HandledById).HasMaxLength(450);
        b.Property(s => s.HandledNote).HasMaxLength(1000);
        b.HasIndex(s => s.InteractionId).IsUnique();
        b.HasIndex(s => new { s.HandledState, s.Priority });
        b.HasIndex(s => new { s.ReceivedAt, s.Label, s.Score });
        b.HasOne(s => s.Interaction).WithOne(i => i.Sentiment)
            .HasForeignKey<SentimentResult>(s => s.InteractionId).OnDelete(DeleteBehavior.Cascade);
    }
}
