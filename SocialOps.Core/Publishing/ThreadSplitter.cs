using System.Text;
using System.Text.RegularExpressions;

namespace SocialOps.Core.Publishing;

/// <summary>
/// Splits a long text into the parts of a thread, each within the platform's limit as the platform counts it: whole
/// sentences are kept together where they fit, a sentence too long for one part is split between words, and a word
/// too long for one part between characters. Nothing is dropped or reworded; only the spaces at the cuts go.
/// </summary>
public static partial class ThreadSplitter
{
    public static IReadOnlyList<string> Split(Platform platform, string? text, int? accountMaxLength = null)
    {
        var limits = ContentRules.For(platform);
        var max = accountMaxLength is > 0 and var own ? own : limits.MaxLength;
        return Split(text, max, limits.Counting, limits.MaxBytes);
    }

    public static IReadOnlyList<string> Split(string? text, int maxLength, LengthCounting counting = LengthCounting.Graphemes, int? maxBytes = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var parts = new List<string>();
        var current = new StringBuilder();
        bool Fits(string candidate) =>
            ContentRules.Length(candidate, counting) <= maxLength && (maxBytes is not { } bytes || Encoding.UTF8.GetByteCount(candidate) <= bytes);

        void Add(string piece, string joiner)
        {
            var candidate = current.Length == 0 ? piece : current + joiner + piece;
            if (Fits(candidate))
            {
                current.Clear().Append(candidate);
                return;
            }

            Flush();
            if (Fits(piece))
            {
                current.Append(piece);
                return;
            }

            // Too long for one part on its own: between words, and a word too long between characters.
            foreach (var word in piece.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var withWord = current.Length == 0 ? word : current + " " + word;
                if (Fits(withWord))
                {
                    current.Clear().Append(withWord);
                    continue;
                }

                Flush();
                var elements = StringInfo.GetTextElementEnumerator(word);
                while (elements.MoveNext())
                {
                    var next = current + (string)elements.Current;
                    if (!Fits(next))
                    {
                        Flush();
                    }

                    current.Append((string)elements.Current);
                }
            }
        }

        void Flush()
        {
            if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }

        foreach (var paragraph in Paragraph().Split(text?.Trim() ?? "").Where(p => p.Trim().Length > 0))
        {
            var first = true;
            foreach (var sentence in SentenceEnd().Split(paragraph.Trim()).Where(s => s.Length > 0))
            {
                Add(sentence.Trim(), first ? "\n\n" : " ");
                first = false;
            }
        }

        Flush();
        return parts;
    }

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex Paragraph();

    [GeneratedRegex(@"(?<=[.!?…])\s+")]
    private static partial Regex SentenceEnd();
}
