using System.Text;

namespace SocialOps.Core.Sentiment.Engine;

/// <summary>
/// The text a model is given: known emoji spelled as words (WordPiece tokenizers drop emoji, so "😡😡" would reach
/// the model as nothing at all). Training applies the same step, so the default model learns from it too.
/// </summary>
public static class ModelText
{
    public static string Prepare(string text)
    {
        StringBuilder? sb = null;
        var e = StringInfo.GetTextElementEnumerator(text);
        var last = 0;
        while (e.MoveNext())
        {
            var element = e.GetTextElement();
            if (element.Length == 1 && element[0] < 0x2000)
            {
                continue;
            }

            var rune = Rune.GetRuneAt(element, 0).ToString();
            if (Lexicon.EmojiWords.TryGetValue(rune, out var word))
            {
                sb ??= new StringBuilder(text.Length + 16);
                sb.Append(text, last, e.ElementIndex - last).Append(' ').Append(word).Append(' ');
                last = e.ElementIndex + element.Length;
            }
        }

        return sb is null ? text : sb.Append(text, last, text.Length - last).ToString();
    }
}
