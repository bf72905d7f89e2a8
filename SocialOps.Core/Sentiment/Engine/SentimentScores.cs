namespace SocialOps.Core.Sentiment.Engine;

/// <summary>
/// Class probabilities for one text. A two-label model has no neutral class: <see cref="HasNeutral"/> is false
/// and neutral is decided later by the configured band.
/// </summary>
public readonly record struct SentimentScores(float Negative, float Neutral, float Positive, bool HasNeutral);

/// <summary>Turns texts into class probabilities. Implementations are thread-safe.</summary>
public interface ISentimentScorer : IDisposable
{
    Task<SentimentScores[]> ScoreAsync(IReadOnlyList<string> texts, CancellationToken ct);
}
