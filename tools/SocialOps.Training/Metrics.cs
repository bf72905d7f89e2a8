namespace SocialOps.Training;

/// <summary>The figures the issue asks for, from per-text probabilities (negative, neutral, positive).</summary>
public static class Metrics
{
    /// <summary>TweetEval's metric: recall of each class, averaged.</summary>
    public static double MacroRecall(IReadOnlyList<float[]> probs, IReadOnlyList<int> labels, int classes = 3) =>
        Enumerable.Range(0, classes).Average(c =>
        {
            var ofClass = labels.Select((l, i) => (l, i)).Where(x => x.l == c).ToList();
            return ofClass.Count == 0 ? 0 : ofClass.Count(x => ArgMax(probs[x.i]) == c) / (double)ofClass.Count;
        });

    public static double MacroF1(IReadOnlyList<float[]> probs, IReadOnlyList<int> labels, int classes = 3) =>
        Enumerable.Range(0, classes).Average(c =>
        {
            var predicted = probs.Select(ArgMax).ToList();
            var tp = predicted.Where((p, i) => p == c && labels[i] == c).Count();
            var fp = predicted.Where((p, i) => p == c && labels[i] != c).Count();
            var fn = predicted.Where((p, i) => p != c && labels[i] == c).Count();
            return tp == 0 ? 0 : 2.0 * tp / ((2 * tp) + fp + fn);
        });

    /// <summary>Binary accuracy by the larger of P(positive) and P(negative), as SST-2 has no neutral.</summary>
    public static double BinaryAccuracy(IReadOnlyList<float[]> probs, IReadOnlyList<int> labels) =>
        probs.Where((p, i) => (p[2] > p[0] ? 2 : 0) == labels[i]).Count() / (double)labels.Count;

    public static int ArgMax(float[] p)
    {
        var best = 0;
        for (var i = 1; i < p.Length; i++)
        {
            if (p[i] > p[best])
            {
                best = i;
            }
        }

        return best;
    }

    public static float[] Softmax(float[] logits)
    {
        var max = logits.Max();
        var e = logits.Select(l => MathF.Exp(l - max)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(x => x / sum)];
    }
}

public sealed record QualityReport(double TweetEvalMacroRecall, double Sst2Accuracy, double GoEmotionsMacroF1)
{
    public double Selection => (TweetEvalMacroRecall + Sst2Accuracy + GoEmotionsMacroF1) / 3;

    public override string ToString() =>
        $"TweetEval val macro-recall {TweetEvalMacroRecall:F4} · SST-2 dev accuracy {Sst2Accuracy:F4} · GoEmotions macro-F1 {GoEmotionsMacroF1:F4}";
}
