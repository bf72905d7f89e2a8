using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SocialOps.Training.Encoder;

/// <summary>
/// Mini-batch AdamW over the top layer (small learning rate) and the head (larger one), linear warm-up then linear
/// decay, a class-balanced cross-entropy within each source (tweets, SST-2 phrases, optionally Reddit comments). Every
/// <c>EvaluateEvery</c> batches the mean of the held-out tweets' macro-recall and the held-out SST-2 phrases' accuracy is
/// measured; the best evaluation is kept, and training stops after <c>Patience</c> evaluations without a gain.
/// The official evaluation sets are measured once, at the end, and never choose anything. A batch is
/// split into fixed contiguous parts, one per thread, whose gradients are summed in order: the same command and seed
/// give the same model.
/// </summary>
internal sealed class FineTuner(FineTuneSettings settings, TextWriter log)
{
    public sealed record Result(FineTunedModel Model, double Temperature, double Score, string Report);

    /// <summary>The pre-trained layer and a fresh head, standardised on the pooled outputs of up to 2,000 training texts.</summary>
    public FineTunedModel Initial(EncoderLayer[] layers, FineTuneData data)
    {
        var head = new SentimentHead(layers[0].Hidden, settings.Hidden, new Random(settings.Seed));
        var model = new FineTunedModel(layers, head);
        var sample = Enumerable.Range(0, Math.Min(1_000, data.Tweets.Count)).Select(i => (data.Tweets, i))
            .Concat(Enumerable.Range(0, Math.Min(1_000, data.Movies.Count)).Select(i => (data.Movies, i))).ToArray();
        var pooled = new float[sample.Length][];
        Parallel.For(0, sample.Length, new ParallelOptions { MaxDegreeOfParallelism = settings.Threads }, k =>
            pooled[k] = model.Pooled(sample[k].Item1.Floats(sample[k].i), sample[k].Item1.Lengths[sample[k].i]));
        head.Standardize(pooled);
        return model;
    }

    public Result Train(FineTunedModel model, FineTuneData data, string? checkpoint)
    {
        var rows = data.TrainingRows();
        var random = new Random(settings.Seed);
        var layerAdam = new Adam(model.LayerParameters, settings.LayerLearningRate, settings.LayerWeightDecay);
        var head = model.Head;
        var headAdam = new Adam([head.W1, head.B1, head.W2, head.B2], settings.HeadLearningRate, settings.HeadWeightDecay);
        var parts = Enumerable.Range(0, settings.Threads).Select(_ => model.NewGradients()).ToArray();
        var layerGroups = model.LayerParameters.Length;
        var batches = (rows.Length + settings.BatchSize - 1) / settings.BatchSize;
        var total = settings.Epochs * batches;
        var warmup = Math.Max(1, (int)(total * settings.Warmup));
        log.WriteLine($"fine-tuning the top {model.Layers.Length} layer(s) and a {settings.Hidden}-unit head: {data.Tweets.Count} tweets + {data.Movies.Count} SST-2 phrases + {data.Reddit.Count} Reddit comments, {batches} batches of {settings.BatchSize} per epoch, {settings.Epochs} epoch(s); held out {data.HeldTweets.Count} tweets + {data.HeldMovies.Count} phrases");
        var (bestScore, bestStep, best) = (Evaluate(model, data, 0, "pre-trained layer, fresh head"), 0, model.Clone());
        var clock = Stopwatch.StartNew();
        var step = 0;
        double loss = 0, seen = 0;
        var stopped = "schedule complete";
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            random.Shuffle(rows);
            for (var b = 0; b < batches; b++)
            {
                var batch = rows.AsSpan(b * settings.BatchSize, Math.Min(settings.BatchSize, rows.Length - (b * settings.BatchSize))).ToArray();
                var batchWeight = batch.Sum(r => r.Weight);
                var losses = new double[parts.Length];
                Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = settings.Threads }, p =>
                {
                    foreach (var g in parts[p])
                    {
                        Array.Clear(g);
                    }

                    for (var k = p * batch.Length / parts.Length; k < (p + 1) * batch.Length / parts.Length; k++)
                    {
                        var (set, row, weight) = batch[k];
                        losses[p] += model.Backward(set.Floats(row), set.Lengths[row], set.Labels[row], weight / batchWeight, parts[p]).Loss;
                    }
                });
                for (var p = 1; p < parts.Length; p++)
                {
                    for (var g = 0; g < parts[0].Length; g++)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Add(parts[0][g], parts[p][g], parts[0][g]);
                    }
                }

                step++;
                var scale = step <= warmup ? step / (float)warmup : Math.Max(0f, (total - step) / (float)(total - warmup));
                layerAdam.Step(parts[0][..layerGroups], scale);
                headAdam.Step(parts[0][layerGroups..], scale);
                loss += losses.Sum();
                seen++;
                if (step % 20 == 0 || step == 3)
                {
                    var perBatch = clock.Elapsed.TotalSeconds / step;
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {step}/{total}: loss {loss / seen:F4} · {perBatch:F2} s a batch · {settings.BatchSize / perBatch:F1} texts/s · about {(total - step) * perBatch / 60:F0} min left for the schedule"));
                    (loss, seen) = (0, 0);
                }

                var outOfTime = settings.Minutes is { } m && clock.Elapsed.TotalMinutes >= m;
                if (step % settings.EvaluateEvery == 0 || step == total || outOfTime)
                {
                    var score = Evaluate(model, data, step, $"epoch {epoch}");
                    if (score > bestScore)
                    {
                        (bestScore, bestStep, best) = (score, step, model.Clone());
                        if (checkpoint is not null)
                        {
                            Checkpoint.Write(checkpoint, best);
                        }
                    }
                    else if ((step - bestStep) / settings.EvaluateEvery >= settings.Patience)
                    {
                        stopped = $"early stop: no gain in {settings.Patience} evaluations";
                        return Finish(best, data, $"{stopped}; best at step {bestStep} of {step}, {clock.Elapsed.TotalMinutes:F0} min");
                    }
                }

                if (outOfTime)
                {
                    stopped = $"time limit of {settings.Minutes} min";
                    return Finish(best, data, $"{stopped}; best at step {bestStep} of {step}, {clock.Elapsed.TotalMinutes:F0} min");
                }
            }
        }

        return Finish(best, data, $"{stopped}; best at step {bestStep} of {step}, {clock.Elapsed.TotalMinutes:F0} min");
    }

    /// <summary>Fits the temperature on the held-out tweets, applies it to the head and reports every figure.</summary>
    public Result Finish(FineTunedModel model, FineTuneData data, string how)
    {
        model = model.Clone();
        var heldLogits = Logits(model, data.HeldTweets);
        var temperature = Calibration.FitTemperature(heldLogits, data.HeldTweets.Labels);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{how} · temperature {temperature:F3} (fitted on the held-out tweets)");
        foreach (var (name, set) in new[] { ("held-out tweets", data.HeldTweets), ("held-out SST-2 phrases", data.HeldMovies), ("tweeteval-val", data.TweetEval), ("sst2-dev", data.Sst2Dev) })
        {
            if (set is null)
            {
                continue;
            }

            var logits = name == "held-out tweets" ? heldLogits : Logits(model, set);
            var probs = logits.Select(Metrics.Softmax).ToList();
            var before = Calibration.ExpectedCalibrationError([.. logits.Select(l => Calibration.Probabilities(l, 1))], set.Labels);
            var after = Calibration.ExpectedCalibrationError([.. logits.Select(l => Calibration.Probabilities(l, temperature))], set.Labels);
            report.AppendLine(CultureInfo.InvariantCulture, $"  {name}: {Figure(name, probs, set.Labels)} · ECE {before:F4} → {after:F4}");
        }

        model.Head.ApplyTemperature(temperature);
        return new Result(model, temperature, 0, report.ToString());
    }

    public List<float[]> Logits(FineTunedModel model, TokenStates.Set set)
    {
        var logits = new float[set.Count][];
        Parallel.For(0, set.Count, new ParallelOptions { MaxDegreeOfParallelism = settings.Threads }, i => logits[i] = model.Logits(set.Floats(i), set.Lengths[i]));
        return [.. logits];
    }

    private double Evaluate(FineTunedModel model, FineTuneData data, int step, string label)
    {
        var tweets = Metrics.MacroRecall([.. Logits(model, data.HeldTweets).Select(Metrics.Softmax)], data.HeldTweets.Labels);
        var movies = Metrics.BinaryAccuracy([.. Logits(model, data.HeldMovies).Select(Metrics.Softmax)], data.HeldMovies.Labels);
        var score = (tweets + movies) / 2;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluation at step {step} ({label}): held-out tweets macro-recall {tweets:F4} · held-out SST-2 accuracy {movies:F4} · score {score:F4}"));
        return score;
    }

    private static string Figure(string name, List<float[]> probs, int[] labels) => name.Contains("SST-2", StringComparison.Ordinal) || name == "sst2-dev"
        ? string.Create(CultureInfo.InvariantCulture, $"accuracy {Metrics.BinaryAccuracy(probs, labels):F4}")
        : string.Create(CultureInfo.InvariantCulture, $"macro-recall {Metrics.MacroRecall(probs, labels):F4} (neg/neu/pos {string.Join(" / ", HeadCommand.PerClassRecall(probs, labels).Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))})");
}
