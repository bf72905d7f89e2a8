namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>What a reader made of a comment in another language, with the same labels as the engine's.</summary>
public sealed record OtherLanguageReading(SentimentLabel Sentiment, double Score, double Confidence, Intent Intent, string ModelVersion);

/// <summary>
/// Reads comments the in-process models cannot (they read English only), for example through the team's AI provider.
/// Declared here so the analysis does not depend on the feature that implements it.
/// </summary>
public interface IOtherLanguageReader
{
    /// <summary>One reading per text, null where it could not read one; null for all when it is not set up.</summary>
    Task<OtherLanguageReading?[]?> ReadAsync(IReadOnlyList<string> texts, CancellationToken ct);
}
