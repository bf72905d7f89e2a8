using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>A reply template edited in Settings; it overrides the built-in and configured wording for its intent.</summary>
public class ReplyTemplate
{
    /// <summary>The intent's API name (<c>complaint</c>, <c>query</c>, <c>praise</c>, <c>purchase_intent</c>).</summary>
    public required string Intent { get; set; }

    public required string Text { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

internal sealed class ReplyTemplateConfiguration : IEntityTypeConfiguration<ReplyTemplate>
{
    public void Configure(EntityTypeBuilder<ReplyTemplate> b)
    {
        b.HasKey(t => t.Intent);
        b.Property(t => t.Intent).HasMaxLength(32);
        b.Property(t => t.Text).HasMaxLength(ResponseTemplates.MaxLength);
        b.Property(t => t.UpdatedBy).HasMaxLength(256);
    }
}
