namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>What a text must be to be analysed; each problem is a sentence for a 400 response.</summary>
public static class TextRules
{
    public static string? Problem(string? text, int maxLength)
    {
        if (text is null)
        {
            return "text is required.";
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return "text is empty or only whitespace.";
        }

        if (text.Length > maxLength)
        {
            return $"text is {text.Length} characters long; at most {maxLength} are analysed.";
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return $"text is not valid Unicode (a lone surrogate at position {i}).";
            }
        }

        return null;
    }
}
