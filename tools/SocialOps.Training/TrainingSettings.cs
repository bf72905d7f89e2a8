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
    public float MovieWeight { get; init; } = 3f;
    /// <summary>Tokens within this many positions after a negation word get their own embedding row (0: off).</summary>
    public int NegationWindow { get; init; } = 3;
    /// <summary>Models trained from consecutive seeds whose logits are averaged (one graph).</summary>
    public int Members { get; init; } = 3;
    /// <summary>How the embedding tables are stored: full (float32), half (float16), or quantized (int8 with one scale per row).</summary>
    public EmbeddingStorage Storage { get; init; } = EmbeddingStorage.Quantized;
    public int? SamplePerSource { get; init; }
}

public enum EmbeddingStorage
{
    /// <summary>32-bit floats.</summary>
    Full,
    /// <summary>16-bit floats.</summary>
    Half,
    /// <summary>8-bit integers with one float scale per row.</summary>
    Quantized,
}
