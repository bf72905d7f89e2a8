using System.Text.RegularExpressions;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Ai;

/// <summary>
/// Drafts without a model: the brief dropped into a tone's opening and closing line. Honest about what it is: its
/// provider is <c>templates</c>, and it never rewrites the brief.
/// </summary>
public static partial class TemplateDrafts
{
    private sealed record Phrases(IReadOnlyDictionary<string, string[]> Openers, IReadOnlyDictionary<string, string[]> Closers);

    private static readonly Phrases English = new(
        new Dictionary<string, string[]>
        {
            ["enthusiastic"] = ["Big news!", "We can't wait to share this!", "Here it comes!"],
            ["professional"] = ["An update from our team:", "We are pleased to share:", "For your information:"],
            ["friendly"] = ["Hi everyone!", "Hello friends!", "Hey there!"],
            ["witty"] = ["Stop scrolling, this one's worth it:", "Plot twist:", "You read that right:"],
            ["empathetic"] = ["We hear you.", "We know it matters to you.", "Thank you for your patience."],
            ["brand"] = ["From us to you:", "Fresh from our team:", "Here is what's new:"],
        },
        new Dictionary<string, string[]>
        {
            ["enthusiastic"] = ["Don't miss it!", "See you there!", "Tell your friends!"],
            ["professional"] = ["Learn more on our website.", "Questions are welcome.", "Thank you for your trust."],
            ["friendly"] = ["Let us know what you think!", "Hope to see you soon!", "Have a lovely day!"],
            ["witty"] = ["You're welcome.", "Consider yourself informed.", "Now you know."],
            ["empathetic"] = ["We're here if you need us.", "Write to us any time.", "Thank you for being with us."],
            ["brand"] = ["Tell us what you think.", "More soon.", "Thanks for following along."],
        });

    private static readonly Dictionary<string, Phrases> Localised = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = English,
        ["de"] = new(Same(["Neuigkeiten!", "Hallo zusammen!", "Ein Update von uns:"]), Same(["Wir freuen uns auf euch!", "Sagt uns, was ihr denkt!", "Bis bald!"])),
        ["fr"] = new(Same(["Du nouveau !", "Bonjour à tous !", "Une nouvelle de notre équipe :"]), Same(["À très vite !", "Dites-nous ce que vous en pensez !", "Merci de nous suivre !"])),
        ["es"] = new(Same(["¡Novedades!", "¡Hola a todos!", "Una noticia de nuestro equipo:"]), Same(["¡Hasta pronto!", "¡Cuéntanos qué opinas!", "¡Gracias por seguirnos!"])),
    };

    /// <summary>One draft for a platform, already within its limits; <paramref name="variant"/> picks other phrases.</summary>
    public static string Write(DraftRequest request, Platform platform, BrandNotes brand, int variant = 0)
    {
        var phrases = Localised.GetValueOrDefault(request.Language) ?? English;
        var tone = request.Tone.ToLowerInvariant();
        var opener = Pick(phrases.Openers, tone, variant);
        var closer = Pick(phrases.Closers, tone, variant + 1);
        var brief = Whitespace().Replace(request.Brief.Trim(), " ");
        if (brief.Length > 0 && !".!?…".Contains(brief[^1], StringComparison.Ordinal))
        {
            brief += ".";
        }

        var body = $"{opener} {char.ToUpper(brief[0], CultureInfo.InvariantCulture)}{brief[1..]} {closer}";
        var tags = brand.HashtagList.Count > 0 ? brand.HashtagList.Take(3).ToList() : TagsFrom(request.Brief);
        var text = tags.Count > 0 ? $"{body}\n\n{string.Join(' ', tags)}" : body;
        return DraftFitter.Trim(platform, text);
    }

    public static bool Speaks(string language) => Localised.ContainsKey(language);

    private static string Pick(IReadOnlyDictionary<string, string[]> table, string tone, int variant)
    {
        var options = table.GetValueOrDefault(tone) ?? table.Values.First();
        return options[variant % options.Length];
    }

    private static Dictionary<string, string[]> Same(string[] phrases) => AiLanguages.Tones.ToDictionary(t => t, _ => phrases);

    private static List<string> TagsFrom(string brief) =>
        [.. Word().Matches(brief).Select(m => m.Value).Where(w => w.Length >= 5).OrderByDescending(w => w.Length).Take(2)
            .Select(w => "#" + char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..].ToLowerInvariant())];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}]*")]
    private static partial Regex Word();
}
