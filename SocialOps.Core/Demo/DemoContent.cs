using SocialOps.Core.Publishing;

namespace SocialOps.Core.Demo;

/// <summary>The fictional brand and the words of its demo posts and comments.</summary>
internal static class DemoContent
{
    public const string Brand = "Harbour Lane Coffee";
    public const string Label = "[Demo]";

    public static readonly (Platform Platform, string Handle, string TimeZone, int Followers, double Reach)[] Accounts =
    [
        (Platform.Mastodon, "@harbourlane@mastodon.example", "Europe/Berlin", 4_200, 0.35),
        (Platform.Bluesky, "@harbourlane.bsky.example", "America/New_York", 6_800, 0.30),
        (Platform.Instagram, "harbourlanecoffee", "Europe/London", 18_500, 0.22),
        (Platform.Facebook, "Harbour Lane Coffee", "Europe/London", 12_300, 0.08),
        (Platform.LinkedIn, "harbour-lane-coffee", "Europe/London", 3_100, 0.25),
        (Platform.X, "@harbourlane", "America/New_York", 9_700, 0.12),
    ];

    /// <summary>UTC hours that engage best, per platform (the product's default table).</summary>
    public static int[] BestHours(Platform platform) => platform switch
    {
        Platform.Facebook => [13, 15, 19],
        Platform.Instagram => [11, 14, 17, 19],
        Platform.X => [8, 12, 17, 18],
        Platform.LinkedIn => [7, 12, 17],
        _ => [9, 13, 18],
    };

    public static readonly string[] Posts =
    [
        "New single-origin from Huila, Colombia: red apple, panela and a long cocoa finish. In the shop from Friday.",
        "Our roaster's tip of the week: grind just before brewing. Ground coffee loses half its aroma in 15 minutes.",
        "Oat, almond or whole milk? Tell us how you take your flat white.",
        "Latte art throwdown this Saturday at the Harbour Lane bar, 3pm. Free entry, bring your best tulip.",
        "Behind the scenes: 12 kg of Ethiopian Guji going into the drum this morning.",
        "Cold brew season is back. Steeped 18 hours, served over one big ice cube.",
        "We now compost 100% of our coffee grounds with Harbour Community Gardens.",
        "Subscription tip: pause or skip a delivery any time from your account page.",
        "Meet Priya, our head barista, who has pulled more than 40,000 shots with us.",
        "Decaf that tastes like coffee: our Swiss Water Process Peru is back in stock.",
        "Filter Friday: V60, 15 g coffee, 250 g water at 94 °C, 3 minutes. What's your recipe?",
        "Our holiday blend is here: dark chocolate, orange zest and a little spice.",
        "We're hiring a weekend barista at the Harbour Lane shop. Apply through the link in our profile.",
        "Thank you for 10 years of mornings together. Birthday cake on the counter all week.",
        "How we choose a green coffee: 300 samples cupped, 6 chosen, 1 becomes a house blend.",
        "Rainy day, warm cup. Both shops open until 7pm tonight.",
        "Espresso 101 workshop: two hours, six coffees, one very steady hand. Spaces for 8 people.",
        "Our new compostable cups are certified home-compostable. Here's what that means.",
    ];

    public static readonly string[] Hashtags =
        ["#coffee", "#specialtycoffee", "#barista", "#coffeeroasters", "#latteart", "#slowmornings", "#harbourlane"];

    /// <summary>Comments the demo posts receive; the configured sentiment engine analyses them when the demo is seeded.</summary>
    public static readonly string[] Comments =
    [
        "This is the best flat white in town, hands down ☕😍",
        "Love the new Huila! Bought two bags already",
        "Your baristas are always so friendly, thank you!",
        "Gorgeous photo 🔥",
        "Do you ship to Ireland?",
        "What time do you open on Sundays?",
        "Is the holiday blend available as whole beans or only ground?",
        "How much is the monthly subscription?",
        "Where can I buy the decaf? Want to order 3 bags",
        "Can I book the espresso workshop for two people?",
        "My order arrived two weeks late and nobody answered my email 😡",
        "The bag was torn when it arrived, beans everywhere",
        "Prices went up again? Not impressed",
        "Waited 20 minutes for a latte on Saturday. Not great.",
        "Interesting, didn't know that about grinding",
        "Saw this on my way to work",
        "tagging @sam for Saturday",
        "ok but where's the pastry post 😂",
    ];

    public static readonly string[] Authors =
    [
        "Ana Souza", "Ben Carter", "Chloé Martin", "Dmitri Volkov", "Emeka Obi", "Fatima Khan", "Grace Liu",
        "Hannah Schmidt", "Isaac Cohen", "Jonas Berg", "Kai Tanaka", "Lena Novak", "Mateo García", "Nora Walsh",
        "Omar Haddad", "Paula Rossi", "Quinn Murphy", "Rosa Jiménez", "Sven Larsen", "Tara Singh",
    ];
}
