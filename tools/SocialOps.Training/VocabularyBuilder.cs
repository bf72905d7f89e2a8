using System.Text;
using Microsoft.ML.Tokenizers;

namespace SocialOps.Training;

/// <summary>
/// Builds a WordPiece vocab.txt from the training texts: the special tokens, the most frequent words as
/// whole pieces, then every frequent character alone and as a "##" continuation, so that a rare word
/// falls back to its characters instead of [UNK].
/// </summary>
internal static class VocabularyBuilder
{
    public static readonly string[] Specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    public static string Build(IEnumerable<string> texts, int size)
    {
        // The same normalisation and pre-tokenisation BertTokenizer applies at inference time.
        using var bootstrap = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', Specials) + "\n"));
        var tokenizer = BertTokenizer.Create(bootstrap, new BertOptions { LowerCaseBeforeTokenization = true });
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var chars = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var normalized = tokenizer.Normalizer?.Normalize(text) ?? text;
            foreach (var (offset, length) in tokenizer.PreTokenizer!.PreTokenize(normalized))
            {
                var word = normalized.Substring(offset, length);
                words[word] = words.GetValueOrDefault(word) + 1;
                var e = StringInfoElements(word);
                foreach (var c in e)
                {
                    chars[c] = chars.GetValueOrDefault(c) + 1;
                }
            }
        }

        var charTokens = chars.Where(c => c.Value >= 3).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key).Take(size / 10).ToList();
        var vocab = new List<string>(Specials);
        vocab.AddRange(charTokens);
        vocab.AddRange(charTokens.Select(c => "##" + c));
        var seen = new HashSet<string>(vocab, StringComparer.Ordinal);
        vocab.AddRange(words.Where(w => w.Value >= 2 && !seen.Contains(w.Key))
            .OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => w.Key).Take(Math.Max(0, size - vocab.Count)));
        return string.Join('\n', vocab) + "\n";
    }

    private static List<string> StringInfoElements(string word)
    {
        var list = new List<string>();
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(word);
        while (e.MoveNext())
        {
            list.Add(e.GetTextElement());
        }

        return list;
    }
}
