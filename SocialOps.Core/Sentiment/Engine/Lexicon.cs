namespace SocialOps.Core.Sentiment.Engine;

/// <summary>
/// The fallback engine's word list: valences from −3 to +3, written for SocialOps (not taken from a published
/// lexicon), aimed at short comments about products, orders and service.
/// </summary>
internal static class Lexicon
{
    private const string Entries = """
        love:3 loved:3 loving:2 amazing:3 awesome:3 excellent:3 fantastic:3 perfect:3 outstanding:3 incredible:3 wonderful:3
        brilliant:3 superb:3 best:3 delicious:3 beautiful:2 great:2 good:2 nice:2 happy:2 glad:2 thanks:2 thank:2 thx:2
        recommend:2 recommended:2 favourite:2 favorite:2 fresh:1 friendly:2 helpful:2 fast:1 quick:1 easy:1 enjoy:2 enjoyed:2
        like:1 liked:1 cool:1 fine:1 fun:2 yummy:2 tasty:2 smooth:1 impressed:2 pleased:2 satisfied:2 cute:2 lovely:2
        excited:2 exciting:2 wow:2 yay:2 gorgeous:3 stunning:3 worth:1 reliable:2 kind:2 super:2 win:2 winning:2 solid:1
        hate:-3 hated:-3 awful:-3 terrible:-3 horrible:-3 worst:-3 disgusting:-3 scam:-3 useless:-3 pathetic:-3 garbage:-3
        bad:-2 poor:-2 sad:-2 angry:-2 annoyed:-2 annoying:-2 disappointed:-2 disappointing:-2 broken:-2 rude:-2 wrong:-2
        slow:-1 late:-1 cold:-1 stale:-2 bland:-1 expensive:-1 overpriced:-2 missing:-2 lost:-1 refund:-1 problem:-1 issue:-1
        fail:-2 failed:-2 fails:-2 failure:-2 complain:-2 complaint:-2 ugly:-2 sucks:-2 sick:-2 hurt:-2 unacceptable:-3
        cancel:-1 cancelled:-1 waiting:-1 never:-1 boring:-2 mess:-2 dirty:-2 damaged:-2 leaking:-2 crashed:-2 bug:-1
        ridiculous:-2 furious:-3 upset:-2 worse:-2 nightmare:-3 ripoff:-3 lie:-2 lied:-2 lies:-2 unhappy:-2 meh:-1 wtf:-2
        """;

    private const string EmojiEntries = """
        😀:2 😃:2 😄:2 😁:2 😊:2 🙂:1 😍:3 🥰:3 😘:2 🤩:3 😋:2 👍:2 👏:2 🙌:2 🎉:2 💯:2 🔥:2 ❤:3 💕:3 💖:3 💛:2 💙:2 💚:2 💜:2 ✨:1 🥳:2 😂:1 🤣:1
        😞:-2 😟:-2 😢:-2 😭:-2 😠:-3 😡:-3 🤬:-3 👎:-2 💔:-2 😤:-2 🙄:-1 😒:-1 😩:-2 😫:-2 🤮:-3 🤢:-2 😕:-1 ☹:-2 🙁:-1 😓:-1
        """;

    // WordPiece pre-tokenization drops emoji, so a model would never see them: each is spelled as a word it knows.
    private const string EmojiWordEntries = """
        😀:happy 😃:happy 😄:happy 😁:happy 😊:happy 🙂:happy 😍:love 🥰:love 😘:love 🤩:amazing 😋:delicious 👍:good 👏:great
        🙌:great 🎉:celebrate 💯:perfect 🔥:awesome ❤:love 💕:love 💖:love 💛:love 💙:love 💚:love 💜:love ✨:lovely 🥳:celebrate
        😂:funny 🤣:funny 😞:sad 😟:worried 😢:sad 😭:crying 😠:angry 😡:angry 🤬:furious 👎:bad 💔:heartbroken 😤:annoyed
        🙄:annoying 😒:annoyed 😩:tired 😫:tired 🤮:disgusting 🤢:gross 😕:confused ☹:sad 🙁:sad 😓:sad
        """;

    public static readonly IReadOnlyDictionary<string, int> Words = Parse(Entries);

    public static readonly IReadOnlyDictionary<string, string> EmojiWords = EmojiWordEntries
        .Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split(':'))
        .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    public static readonly IReadOnlyDictionary<string, int> Emoji = Parse(EmojiEntries);

    public static readonly IReadOnlySet<string> Negators = new HashSet<string>(StringComparer.Ordinal)
    {
        "not", "no", "never", "nothing", "nobody", "neither", "nor", "without", "hardly", "cannot", "cant", "dont", "doesnt",
        "didnt", "isnt", "wasnt", "arent", "werent", "wont", "wouldnt", "shouldnt", "couldnt", "aint", "havent", "hasnt",
    };

    public static readonly IReadOnlyDictionary<string, double> Intensifiers = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["very"] = 1.4, ["really"] = 1.4, ["so"] = 1.3, ["super"] = 1.4, ["extremely"] = 1.6, ["totally"] = 1.4,
        ["absolutely"] = 1.5, ["incredibly"] = 1.5, ["too"] = 1.2, ["most"] = 1.3, ["truly"] = 1.3,
        ["slightly"] = 0.6, ["somewhat"] = 0.6, ["kinda"] = 0.7, ["bit"] = 0.7, ["little"] = 0.7, ["barely"] = 0.5,
    };

    private static Dictionary<string, int> Parse(string entries) =>
        entries.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split(':'))
            .ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
