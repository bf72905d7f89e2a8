namespace SocialOps.Core.Sentiment.Analysis;

/// <summary>
/// A cheap check for text the English models cannot read: mostly non-Latin letters, or more of the common function
/// words (and letters such as ß, ñ, ç) of Spanish, French, German, Italian, Portuguese or Dutch than English ones.
/// Words English shares with them ("in", "so", "was", "me", "a") count for English only. A guess, not a detector:
/// it names the likeliest language for the notice, and says "en" when in doubt.
/// </summary>
internal static class LanguageGuard
{
    private static readonly HashSet<string> English = Set(
        "the a an and is are was i you it to of in my your this that for on with me we do have not be so but what how when can just");

    private static readonly (string Code, HashSet<string> Words, string Letters)[] Others =
    [
        ("de", Set("der die das den dem des und nicht ist ich sehr mit ein eine einen meine mein meinen sie wir auf zu für von bei aber noch schon nur kein keine wieder leider danke bitte hallo niemand immer wie warum wo wann oder habe sind wird kam viel zu geworden ihr euch uns"), "äöüß"),
        ("es", Set("el la los las que es muy pero por para con una y mi mis su nadie nunca está esta del al lo se gracias hola pedido porque cuando donde qué cómo también todo nada más sin ya otra vez hay llegó"), "ñ¿¡"),
        ("fr", Set("le la les des du de un une et est pas ne mais avec pour très je il elle nous vous mon ma mes ce cette qui que sur dans au aux rien toujours encore merci bonjour commande jai cest trop bien depuis jamais ont sont été"), "çœêèàùâîôûëï"),
        ("it", Set("il lo gli della che non sono molto ma con una uno grazie ciao perché ordine mio mia nessuno sempre ancora troppo è"), "òì"),
        ("pt", Set("não uma muito com por para meu minha obrigado obrigada você ninguém também pedido ainda sempre é"), "ãõ"),
        ("nl", Set("het een niet ik zijn en de van dat met voor maar mijn nog geen niemand bedankt heel wel ook"), ""),
    ];

    private static readonly HashSet<string> Courtesies = Set("danke bitte hallo gracias hola merci bonjour grazie ciao obrigado obrigada bedankt");

    /// <summary>"en", the code of the likeliest other language, or "other" for mostly non-Latin script.</summary>
    public static string Guess(TextFeatures f)
    {
        int latin = 0, other = 0;
        foreach (var c in f.Text)
        {
            if (char.IsLetter(c))
            {
                if (c < 0x250)
                {
                    latin++;
                }
                else
                {
                    other++;
                }
            }
        }

        if (other > latin)
        {
            return "other";
        }

        var english = f.Words.Count(English.Contains);
        var (code, score, letters) = Others
            .Select(o =>
            {
                var hasLetters = o.Letters.Any(c => f.Lower.Contains(c, StringComparison.Ordinal));
                return (o.Code, Score: f.Words.Count(o.Words.Contains) + (hasLetters ? 1 : 0), Letters: hasLetters);
            })
            .MaxBy(o => o.Score);

        // Two cues that outnumber the English ones, or a short text with no English at all that thanks or greets in
        // another language ("Danke!", "Gracias") or is spelled with its letters ("¡Qué rico!"); "Con artists" stays English.
        var shortAndForeign = english == 0 && f.Words.Count <= 3 && (letters || f.Words.Any(Courtesies.Contains));
        return (score >= 2 && score > english) || (score >= 1 && shortAndForeign) ? code : "en";
    }

    private static HashSet<string> Set(string words) => new(words.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
