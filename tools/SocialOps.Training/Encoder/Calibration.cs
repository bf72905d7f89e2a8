namespace SocialOps.Training.Encoder;

/// <summary>
/// Temperature scaling (Guo et al., 2017): one number T divides every logit, fitted to minimise the negative
/// log-likelihood on held-out data; the predicted class never changes, only how confident the model says it is.
/// </summary>
public static class Calibration
{
    public sealed record Bin(double From, double To, int Count, double MeanConfidence, double Accuracy);

    /// <summary>The temperature in [0.05, 20] with the lowest mean NLL (golden-section search on log T).</summary>
    public static double FitTemperature(IReadOnlyList<float[]> logits, IReadOnlyList<int> labels)
    {
        double a = Math.Log(0.05), b = Math.Log(20);
        var phi = (Math.Sqrt(5) - 1) / 2;
        double c = b - (phi * (b - a)), d = a + (phi * (b - a));
        double fc = Nll(logits, labels, Math.Exp(c)), fd = Nll(logits, labels, Math.Exp(d));
        for (var i = 0; i < 80; i++)
        {
            if (fc < fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - (phi * (b - a));
                fc = Nll(logits, labels, Math.Exp(c));
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + (phi * (b - a));
                fd = Nll(logits, labels, Math.Exp(d));
            }
        }

        return Math.Exp((a + b) / 2);
    }

    public static double Nll(IReadOnlyList<float[]> logits, IReadOnlyList<int> labels, double temperature)
    {
        double total = 0;
        for (var i = 0; i < logits.Count; i++)
        {
            total -= Math.Log(Math.Max(Probabilities(logits[i], temperature)[labels[i]], 1e-12));
        }

        return total / logits.Count;
    }

    public static double[] Probabilities(float[] logits, double temperature)
    {
        var max = logits.Max();
        var e = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(x => x / sum)];
    }

    /// <summary>Confidence (top probability) against accuracy in equal-width bins.</summary>
    public static List<Bin> Reliability(IReadOnlyList<double[]> probs, IReadOnlyList<int> labels, int bins = 10)
    {
        var result = new List<Bin>();
        for (var b = 0; b < bins; b++)
        {
            double from = b / (double)bins, to = (b + 1) / (double)bins;
            var inBin = Enumerable.Range(0, probs.Count).Where(i =>
            {
                var c = probs[i].Max();
                return c > from && (c <= to || b == bins - 1);
            }).ToList();
            result.Add(inBin.Count == 0
                ? new Bin(from, to, 0, 0, 0)
                : new Bin(from, to, inBin.Count, inBin.Average(i => probs[i].Max()), inBin.Average(i => ArgMax(probs[i]) == labels[i] ? 1.0 : 0.0)));
        }

        return result;
    }

    /// <summary>Expected calibration error: the count-weighted mean gap between confidence and accuracy over the bins.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<double[]> probs, IReadOnlyList<int> labels, int bins = 10) =>
        Reliability(probs, labels, bins).Sum(b => b.Count * Math.Abs(b.MeanConfidence - b.Accuracy)) / probs.Count;

    private static int ArgMax(double[] p)
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
}
