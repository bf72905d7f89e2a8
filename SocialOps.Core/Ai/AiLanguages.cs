namespace SocialOps.Core.Ai;

/// <summary>The languages and tones a draft may be asked for.</summary>
public static class AiLanguages
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "English", ["de"] = "German", ["fr"] = "French", ["es"] = "Spanish", ["it"] = "Italian", ["pt"] = "Portuguese",
        ["nl"] = "Dutch", ["sv"] = "Swedish", ["da"] = "Danish", ["nb"] = "Norwegian", ["fi"] = "Finnish", ["pl"] = "Polish",
        ["cs"] = "Czech", ["tr"] = "Turkish", ["el"] = "Greek", ["ja"] = "Japanese", ["ko"] = "Korean", ["zh"] = "Chinese",
        ["ar"] = "Arabic", ["hi"] = "Hindi", ["uk"] = "Ukrainian", ["ro"] = "Romanian", ["hu"] = "Hungarian", ["id"] = "Indonesian",
    };

    /// <summary>The brand's own voice (from the brand notes) is the tone <c>brand</c>.</summary>
    public static readonly IReadOnlyList<string> Tones = ["enthusiastic", "professional", "friendly", "witty", "empathetic", "brand"];

    public static bool IsLanguage(string? code) => code is not null && Names.ContainsKey(code);

    public static bool IsTone(string? tone) => tone is not null && Tones.Contains(tone, StringComparer.OrdinalIgnoreCase);
}
