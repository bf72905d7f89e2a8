using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Tests.Sentiment;

/// <summary>Coalescing concurrent callers must not change any answer or its order.</summary>
public sealed class MicroBatcherTests
{
    [Fact]
    public async Task ConcurrentCallersGetTheSameScoresAsOneAtATime()
    {
        var texts = Enumerable.Range(0, 150).Select(i => (i % 3) switch
        {
            0 => $"I love it, number {i}!",
            1 => $"worst order ever, still waiting after {i} days and nobody answers my messages at all",
            _ => $"open at {i}?",
        }).ToList();
        using var alone = Engine(maxBatch: 1, maxWaitMs: 0);
        // The batching under test is the model's: with the rules engine (a model that failed to load) it would prove nothing.
        Assert.Equal("onnx", alone.Status.Engine);
        var expected = new List<SentimentScores>();
        foreach (var t in texts)
        {
            expected.AddRange(await alone.Scorer.ScoreAsync([t], CancellationToken.None));
        }

        using var batched = Engine(maxBatch: 16, maxWaitMs: 5);
        Assert.Equal("onnx", batched.Status.Engine);
        var singles = texts.Select(t => batched.Scorer.ScoreAsync([t], CancellationToken.None)).ToList();
        var whole = await batched.Scorer.ScoreAsync(texts, CancellationToken.None);

        var concurrent = (await Task.WhenAll(singles)).Select(r => r[0]).ToList();
        // Padding is masked, so a batch changes nothing but the order of float sums (about 1e-7 for the transformer);
        // an unmasked pad token would move a probability by far more than the tolerance.
        for (var i = 0; i < texts.Count; i++)
        {
            AssertClose(expected[i].Positive, concurrent[i].Positive);
            AssertClose(expected[i].Negative, whole[i].Negative);
            AssertClose(expected[i].Neutral, whole[i].Neutral);
        }
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5, $"expected {expected:R}, got {actual:R}");

    [Fact]
    public async Task ABatchRunnerFailureReachesEveryCallerAndTheLoopSurvives()
    {
        var fail = true;
        using var batcher = new MicroBatcher((batch, results) =>
        {
            if (fail)
            {
                throw new InvalidOperationException("boom");
            }

            for (var i = 0; i < batch.Length; i++)
            {
                results[i] = new SentimentScores(0, 0, batch[i].Length, true);
            }
        }, 4, TimeSpan.Zero, TimeProvider.System);

        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.SubmitAsync([[1], [1, 2]], CancellationToken.None));
        fail = false;
        var ok = await batcher.SubmitAsync([[1, 2, 3], [1], [1, 2], [1, 2, 3, 4, 5], [9, 9]], CancellationToken.None);

        Assert.Equal([3f, 1f, 2f, 5f, 2f], ok.Select(s => s.Positive));
    }

    [Fact]
    public async Task EmptyRequestAnswersAtOnce()
    {
        using var batcher = new MicroBatcher((_, _) => throw new InvalidOperationException("never called"), 4, TimeSpan.Zero, TimeProvider.System);

        Assert.Empty(await batcher.SubmitAsync([], CancellationToken.None));
    }

    private static SentimentEngine Engine(int maxBatch, int maxWaitMs) => new(
        Options.Create(new SentimentOptions { MaxBatchSize = maxBatch, MaxWaitMilliseconds = maxWaitMs }),
        NullLogger<SentimentEngine>.Instance);
}
