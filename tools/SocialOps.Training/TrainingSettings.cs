namespace SocialOps.Training;

/// <summary>Everything that decides the trained model; the defaults produce the committed one.</summary>
internal sealed record TrainingSettings
{
    public int Seed { get; init; } = 20261125;
    public int Epochs { get; init; } = 6;
    public int Dimension { get; init; } = 32;
    public int Hidden { get; init; } = 64;
    public int VocabularySize { get; init; } = 30_000;
    public int BigramBuckets { get; init; } = 131_072;
    public int MaxLength { get; init; } = 128;
    public float LearningRate { get; init; } = 0.2f;
    public float TweetWeight { get; init; } = 1.5f;
    public float RedditWeight { get; init; } = 0.5f;
    public float MovieWeight { get; init; } = 2f;
    public int? SamplePerSource { get; init; }
}
