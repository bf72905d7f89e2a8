using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Ai;

/// <summary>One call to the user's model provider, for usage and cost reporting.</summary>
public class AiGenerationUsage
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public required string Provider { get; set; }
    public required string Model { get; set; }
    public string Purpose { get; set; } = "draft";
    public int? PostId { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }
    public decimal CostUsd { get; set; }

    /// <summary>How long the provider took to answer, in milliseconds.</summary>
    public int LatencyMs { get; set; }
}

internal sealed class AiGenerationUsageConfiguration : IEntityTypeConfiguration<AiGenerationUsage>
{
    public void Configure(EntityTypeBuilder<AiGenerationUsage> b)
    {
        b.Property(u => u.Provider).HasMaxLength(100);
        b.Property(u => u.Model).HasMaxLength(200);
        b.Property(u => u.Purpose).HasMaxLength(100);
        b.Property(u => u.UserId).HasMaxLength(450);
        b.Property(u => u.CostUsd).HasPrecision(18, 6);
        b.HasIndex(u => u.At);
        b.HasIndex(u => new { u.UserId, u.At });
    }
}
