using Microsoft.EntityFrameworkCore.Metadata.Builders;
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

/// <summary>What the engine (or a teammate) read in one interaction; what the team did about it is on the <see cref="Interaction"/>.</summary>
public class SentimentResult
{
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
    public string? SuggestedReply { get; set; }
    public DateTimeOffset AnalyzedAt { get; set; }

    /// <summary>Takes the engine's reading (through <see cref="Interaction.Read"/>, which also sets the item's priority).</summary>
    internal void Apply(SentimentAnalysis a, string modelVersion, DateTimeOffset now)
    {
        (ModelVersion, Label, Score, Confidence, Intent) = (a.ModelVersion ?? modelVersion, a.Sentiment, a.SentimentScore, a.Confidence, a.Intent);
        (Keywords, RequiresResponse, SuggestedReply, AnalyzedAt) = ([.. a.Keywords], a.RequiresResponse, a.AutoResponse, now);
    }

    /// <summary>A teammate's reading (through <see cref="Interaction.Correct"/>).</summary>
    internal void Correct(SentimentLabel label, Intent intent)
    {
        (Label, Intent) = (label, intent);
        ModelVersion = AnalysisEngines.Of(ModelVersion) == AnalysisEngine.None ? AnalysisEngines.ReadByPerson : ModelVersion;
        RequiresResponse = IntentDetector.RequiresResponse(intent);
    }
}

internal sealed class SentimentResultConfiguration : IEntityTypeConfiguration<SentimentResult>
{
    public void Configure(EntityTypeBuilder<SentimentResult> b)
    {
        b.Property(s => s.ModelVersion).HasMaxLength(100);
        b.Property(s => s.SuggestedReply).HasMaxLength(4000);
        b.HasIndex(s => s.InteractionId).IsUnique();
        // Covers the analytics reads of a period's comments, which also tell analysed ones from the rest by their model.
        b.HasIndex(s => new { s.ReceivedAt, s.Label, s.Score, s.ModelVersion });
        b.HasOne(s => s.Interaction).WithOne(i => i.Sentiment)
            .HasForeignKey<SentimentResult>(s => s.InteractionId).OnDelete(DeleteBehavior.Cascade);
    }
}
