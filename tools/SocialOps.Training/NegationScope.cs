namespace SocialOps.Training;

/// <summary>
/// Marks the tokens that follow a negation word ("not", "never", the "t" of "don't", …) within a short window: a
/// marked token uses a second embedding row (its id plus the vocabulary size), so "not … good" and "good" learn
/// apart. The ONNX export repeats the same arithmetic on input_ids inside the graph.
/// </summary>
internal sealed record NegationScope(int[] Negators, int Window, int Vocab)
{
    public static readonly string[] Words =
        ["not", "no", "never", "t", "nt", "nothing", "nobody", "none", "nor", "neither", "without", "cannot", "hardly", "barely"];

    public static NegationScope? From(IReadOnlyDictionary<string, int> vocab, int window) =>
        window <= 0 ? null : new NegationScope([.. Words.Where(vocab.ContainsKey).Select(w => vocab[w]).Order()], window, vocab.Count);

    /// <summary>The embedding rows of a token sequence: ids, plus <see cref="Vocab"/> where a negator precedes within the window.</summary>
    public int[] Rows(int[] ids)
    {
        var rows = new int[ids.Length];
        var last = int.MinValue / 2;
        for (var t = 0; t < ids.Length; t++)
        {
            rows[t] = t - last <= Window ? ids[t] + Vocab : ids[t];
            if (Array.BinarySearch(Negators, ids[t]) >= 0)
            {
                last = t;
            }
        }

        return rows;
    }
}
