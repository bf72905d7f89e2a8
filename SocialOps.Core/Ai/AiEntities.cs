using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Ai;

/// <summary>
/// Settings → AI, one row. A null field falls back to the <c>Ai</c> settings; the key is stored encrypted with the
/// same Data Protection keys as connection credentials and is never read back out.
/// </summary>
public class AiSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public AiProvider? Provider { get; set; }
    public string? BaseUrl { get; set; }
    public string? Model { get; set; }
    public string? ProtectedApiKey { get; set; }
    public int? TimeoutSeconds { get; set; }
    public decimal? MonthlyBudgetUsd { get; set; }

    /// <summary>How the brand sounds, in the team's words.</summary>
    public string? Voice { get; set; }

    public string? WordsToUse { get; set; }
    public string? WordsToAvoid { get; set; }

    /// <summary>Hashtags the brand uses, separated by spaces.</summary>
    public string? Hashtags { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }
}

/// <summary>A model's price in US dollars per million tokens, as set in Settings → AI (overrides <c>Ai:Prices</c>).</summary>
public class AiModelPrice
{
    public required string Model { get; set; }
    public decimal InputPerMillionUsd { get; set; }
    public decimal OutputPerMillionUsd { get; set; }
}

/// <summary>Where a scheduled post's text came from: the provider, the model and the brief it was written from.</summary>
public class AiDraft
{
    public long Id { get; set; }
    public int? PostId { get; set; }
    public Post? Post { get; set; }
    public Platform Platform { get; set; }
    public required string Provider { get; set; }
    public required string Model { get; set; }
    public required string Brief { get; set; }
    public required string Language { get; set; }
    public required string Tone { get; set; }
    public required string Content { get; set; }
    public string? UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AiSettingsConfiguration : IEntityTypeConfiguration<AiSettings>
{
    public void Configure(EntityTypeBuilder<AiSettings> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.BaseUrl).HasMaxLength(500);
        b.Property(s => s.Model).HasMaxLength(200);
        b.Property(s => s.ProtectedApiKey).HasMaxLength(4000);
        b.Property(s => s.MonthlyBudgetUsd).HasPrecision(18, 6);
        b.Property(s => s.Voice).HasMaxLength(2000);
        b.Property(s => s.WordsToUse).HasMaxLength(1000);
        b.Property(s => s.WordsToAvoid).HasMaxLength(1000);
        b.Property(s => s.Hashtags).HasMaxLength(1000);
        b.Property(s => s.UpdatedById).HasMaxLength(450);
    }
}

internal sealed class AiModelPriceConfiguration : IEntityTypeConfiguration<AiModelPrice>
{
    public void Configure(EntityTypeBuilder<AiModelPrice> b)
    {
        b.HasKey(p => p.Model);
        b.Property(p => p.Model).HasMaxLength(200);
        b.Property(p => p.InputPerMillionUsd).HasPrecision(18, 6);
        b.Property(p => p.OutputPerMillionUsd).HasPrecision(18, 6);
    }
}

internal sealed class AiDraftConfiguration : IEntityTypeConfiguration<AiDraft>
{
    public void Configure(EntityTypeBuilder<AiDraft> b)
    {
        b.Property(d => d.Provider).HasMaxLength(100);
        b.Property(d => d.Model).HasMaxLength(200);
        b.Property(d => d.Brief).HasMaxLength(4000);
        b.Property(d => d.Language).HasMaxLength(16);
        b.Property(d => d.Tone).HasMaxLength(32);
        b.Property(d => d.Content).HasMaxLength(70_000);
        b.Property(d => d.UserId).HasMaxLength(450);
        b.HasIndex(d => d.PostId);
        b.HasOne(d => d.Post).WithMany().HasForeignKey(d => d.PostId).OnDelete(DeleteBehavior.SetNull);
    }
}
