using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;

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

    public static readonly (string Text, SentimentLabel Label, Intent Intent, double Score)[] Comments =
    [
        ("This is the best flat white in town, hands down ☕😍", SentimentLabel.Positive, Intent.Praise, 0.92),
        ("Love the new Huila! Bought two bags already", SentimentLabel.Positive, Intent.Praise, 0.88),
        ("Your baristas are always so friendly, thank you!", SentimentLabel.Positive, Intent.Praise, 0.9),
        ("Gorgeous photo 🔥", SentimentLabel.Positive, Intent.Praise, 0.75),
        ("Do you ship to Ireland?", SentimentLabel.Neutral, Intent.Query, 0.05),
        ("What time do you open on Sundays?", SentimentLabel.Neutral, Intent.Query, 0.02),
        ("Is the holiday blend available as whole beans or only ground?", SentimentLabel.Neutral, Intent.Query, 0.08),
        ("How much is the monthly subscription?", SentimentLabel.Neutral, Intent.PurchaseIntent, 0.15),
        ("Where can I buy the decaf? Want to order 3 bags", SentimentLabel.Positive, Intent.PurchaseIntent, 0.4),
        ("Can I book the espresso workshop for two people?", SentimentLabel.Neutral, Intent.PurchaseIntent, 0.2),
        ("My order arrived two weeks late and nobody answered my email 😡", SentimentLabel.Negative, Intent.Complaint, -0.9),
        ("The bag was torn when it arrived, beans everywhere", SentimentLabel.Negative, Intent.Complaint, -0.78),
        ("Prices went up again? Not impressed", SentimentLabel.Negative, Intent.Complaint, -0.6),
        ("Waited 20 minutes for a latte on Saturday. Not great.", SentimentLabel.Negative, Intent.Complaint, -0.7),
        ("Interesting, didn't know that about grinding", SentimentLabel.Neutral, Intent.None, 0.1),
        ("Saw this on my way to work", SentimentLabel.Neutral, Intent.None, 0.0),
        ("tagging @sam for Saturday", SentimentLabel.Neutral, Intent.None, 0.05),
        ("ok but where's the pastry post 😂", SentimentLabel.Neutral, Intent.None, 0.12),
    ];

    public static readonly string[] Authors =
    [
        "Ana Souza", "Ben Carter", "Chloé Martin", "Dmitri Volkov", "Emeka Obi", "Fatima Khan", "Grace Liu",
        "Hannah Schmidt", "Isaac Cohen", "Jonas Berg", "Kai Tanaka", "Lena Novak", "Mateo García", "Nora Walsh",
        "Omar Haddad", "Paula Rossi", "Quinn Murphy", "Rosa Jiménez", "Sven Larsen", "Tara Singh",
    ];

    public static string? SuggestedReply(Intent intent, string author) => intent switch
    {
        Intent.Complaint => $"We're sorry, {author}. That's not the experience we want for you. Could you send us a DM with your order number so we can put it right?",
        Intent.Query => $"Hi {author}, thanks for asking! We've sent you the details in a direct message.",
        Intent.Praise => $"Thank you so much, {author}! That made our day ☕",
        Intent.PurchaseIntent => $"Hi {author}, we'd love to help you with that. You'll find it in our shop, or send us a DM and we'll sort it out.",
        _ => null,
    };
}
