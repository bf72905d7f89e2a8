using System.Text;

namespace SocialOps.Core.Sentiment.Engine;

/// <summary>
/// The rule-based fallback: word and emoji valences, flipped by a negator in the three words before,
/// scaled by an intensifier just before, words after "but" weighing more, exclamation marks and capitals adding
/// emphasis. The sum is squashed into [-1, 1] and read as P(positive) − P(negative).
/// </summary>
public sealed class LexiconSentimentScorer : ISentimentScorer
{
    public Task<SentimentScores[]> ScoreAsync(IReadOnlyList<string> texts, CancellationToken ct) =>
        Task.FromResult(texts.Select(Score).ToArray());

    public static SentimentScores Score(string text)
    {
        var tokens = Tokens(text);
        double sum = 0;
        var afterBut = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var (token, shouting) = tokens[i];
            if (token == "but")
            {
                sum *= 0.5;
                afterBut = true;
                continue;
            }

            if (!Lexicon.Words.TryGetValue(token, out var valence) && !Lexicon.Emoji.TryGetValue(token, out valence))
            {
                continue;
            }

            double v = valence;
            if (i > 0 && Lexicon.Intensifiers.TryGetValue(tokens[i - 1].Token, out var factor))
            {
                v *= factor;
            }

            if (tokens.Skip(Math.Max(0, i - 3)).Take(Math.Min(i, 3)).Any(t => Lexicon.Negators.Contains(t.Token)))
            {
                v *= -0.7;
            }

            v *= shouting ? 1.25 : 1.0;
            sum += afterBut ? v * 1.5 : v;
        }

        var bangs = Math.Min(3, text.Count(c => c == '!'));
        sum += Math.Sign(sum) * bangs * 0.3;
        var score = sum / Math.Sqrt((sum * sum) + 12);
        var positive = (float)Math.Max(0, score);
        var negative = (float)Math.Max(0, -score);
        return new SentimentScores(negative, 1 - positive - negative, positive, HasNeutral: true);
    }

    public void Dispose()
    {
    }

    /// <summary>Lower-cased words with apostrophes dropped ("don't" → "dont"), and each emoji as its own token.</summary>
    internal static List<(string Token, bool Shouting)> Tokens(string text) =>
        [.. Words(text).Select(w => (w.Cased.ToLowerInvariant(), w.Shouting))];

    /// <summary>The same tokens as written, and whether each starts a sentence (so "the Huila" can keep its capital).</summary>
    internal static List<Word> Words(string text)
    {
        var tokens = new List<Word>();
        var word = new StringBuilder();
        var upper = 0;
        var sentenceStart = true;
        var wordStartsSentence = false;
        void Flush()
        {
            if (word.Length > 0)
            {
                tokens.Add(new Word(word.ToString(), word.Length > 2 && upper == word.Length, wordStartsSentence));
                word.Clear();
                upper = 0;
                sentenceStart = false;
            }
        }

        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            var element = e.GetTextElement();
            var c = element[0];
            if (element.Length == 1 && char.IsLetterOrDigit(c))
            {
                wordStartsSentence = word.Length == 0 ? sentenceStart : wordStartsSentence;
                word.Append(c);
                upper += char.IsUpper(c) ? 1 : 0;
            }
            else if (c is '\'' or '’')
            {
                continue;
            }
            else
            {
                Flush();
                sentenceStart |= c is '.' or '!' or '?' or '\n';
                var rune = Rune.GetRuneAt(element, 0);
                if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol)
                {
                    tokens.Add(new Word(rune.ToString(), false, sentenceStart));
                    sentenceStart = false;
                }
            }
        }

        Flush();
        return tokens;
    }

    /// <summary>A token as written; <see cref="StartsSentence"/>: first in the text or after . ! ? or a line break.</summary>
    internal readonly record struct Word(string Cased, bool Shouting, bool StartsSentence);
}
