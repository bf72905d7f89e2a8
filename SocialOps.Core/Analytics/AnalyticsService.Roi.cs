using SocialOps.Core.Links;

namespace SocialOps.Core.Analytics;

public sealed partial class AnalyticsService
{
    /// <summary>Where the ROI values and costs are set.</summary>
    public const string RoiSettingsUrl = "/settings?tab=roi";

    /// <summary>
    /// Value of the period's engagement against its costs, line by line (README, "ROI"). Each value line is a quantity
    /// times the team's own value for it; each cost line the period's cost times the share that falls to the filtered
    /// posts (<see cref="RoiCostShare"/>). A line whose setting is unset has no amount, and while any is unset the total
    /// it feeds (value or cost), the net and the ratio are null, with <see cref="Roi.Missing"/> naming what to set.
    /// </summary>
    public async Task<Roi> RoiAsync(AnalyticsPeriod period, RoiOptions o, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await PostRows(db, period).ToListAsync(ct);
        var tracked = await TrackedClicksAsync(db, period, ct);
        var newFollowers = (await AccountFollowersAsync(db, period, ct)).Sum(a => Math.Max(0, a.Growth));
        var (trackedClicks, platformClicks) = RoiClicks.Of(rows, tracked);

        var filtered = period.Platform is not null || period.AccountId is not null;
        DateTimeOffset start = period.StartUtc, end = period.EndUtc;
        var allPosts = filtered ? await PublishedPosts(db, period with { Platform = null, AccountId = null }).CountAsync(ct) : rows.Count;
        var share = RoiCostShare.Of(filtered, rows.Count, allPosts);

        // Recorded per provider call, in USD (Settings → AI prices); summed here because SQLite cannot sum decimals.
        var aiUsd = (await db.AiGenerationUsages.AsNoTracking().Where(u => u.At >= start && u.At < end).Select(u => u.CostUsd).ToListAsync(ct)).Sum();
        var months = period.Days / 30.4375m;

        static RoiLine Line(string item, decimal quantity, decimal? unit, decimal? share = 1m) =>
            new(item, quantity, unit, unit is { } u && share is { } s ? Math.Round(quantity * u * s, 2) : null, share);
        List<RoiLine> value =
        [
            Line("likes", rows.Sum(r => r.Likes), o.ValuePerLike),
            Line("comments", rows.Sum(r => r.Comments), o.ValuePerComment),
            Line("shares", rows.Sum(r => r.Shares), o.ValuePerShare),
            Line("clicks on tracked links", trackedClicks, o.ValuePerClick),
            Line("clicks reported by platforms (posts without tracked links)", platformClicks, o.ValuePerClick),
            Line("new followers", newFollowers, o.ValuePerNewFollower),
        ];
        List<RoiLine> cost =
        [
            Line("AI usage (USD)", Math.Round(aiUsd, 6), o.UsdRate, share),
            Line("tools (months)", months, o.MonthlyToolCost, share),
            Line("labour (months)", months, o.MonthlyLabourCost, share),
        ];

        var missing = o.ValueSettings().Concat(o.CostSettings()).Where(s => s.Amount is null).Select(s => s.Label).ToList();
        decimal? valueSum = o.ValueSettings().All(s => s.Amount is not null) ? value.Sum(l => l.Amount!.Value) : null;
        decimal? costSum = o.CostSettings().All(s => s.Amount is not null) && share is not null ? cost.Sum(l => l.Amount!.Value) : null;
        decimal? net = valueSum - costSum;
        double? ratio = net is { } n && costSum is > 0 ? Math.Round((double)(n / costSum.Value), 4) : null;

        var message = missing.Count > 0
            ? $"Not shown until it is set in Settings → ROI: {string.Join(", ", missing)}. These are the team's own figures; nothing is assumed."
            : share is null
                ? "No post was published in the period, so the filtered posts' share of the costs is unknown: no cost and no ROI."
                : costSum == 0
                    ? "The costs of the period come to 0 (no AI usage, and monthly costs of 0): there is no ratio without a cost."
                    : null;
        string? shareNote = !filtered ? null
            : share is { } part ? string.Create(CultureInfo.InvariantCulture, $"Costs narrowed to the filtered posts' share of all posts published in the period: {rows.Count} of {allPosts} ({part:P1}).")
            : null;

        return new Roi(o.Currency, valueSum, costSum, net, ratio, value, cost, Formula(period, o, share), missing, message, RoiSettingsUrl,
            share, shareNote, trackedClicks, platformClicks);
    }

    private static string Formula(AnalyticsPeriod period, RoiOptions o, decimal? share)
    {
        var c = CultureInfo.InvariantCulture;
        static string Set(decimal? amount) => amount is { } a ? a.ToString(CultureInfo.InvariantCulture) : "(not set)";
        var shareText = share is { } s && s != 1m ? string.Create(c, $" × share {Math.Round(s, 4)}") : "";
        return string.Create(c, $"value = likes × {Set(o.ValuePerLike)} + comments × {Set(o.ValuePerComment)} + shares × {Set(o.ValuePerShare)} ")
            + string.Create(c, $"+ clicks × {Set(o.ValuePerClick)} (tracked clicks for posts with tracked links, the platform's clicks for the others) + new followers × {Set(o.ValuePerNewFollower)}; ")
            + string.Create(c, $"cost = (AI usage in USD × {o.UsdRate} + (tools {Set(o.MonthlyToolCost)} + labour {Set(o.MonthlyLabourCost)}) per month × {period.Days} days ÷ 30.4375){shareText}; ")
            + string.Create(c, $"ROI = (value − cost) ÷ cost ({o.Currency})");
    }

    /// <summary>
    /// Tracked clicks of the period's posts that have tracked links (<see cref="RoiClicks"/>): per post, every day's
    /// counted clicks of its links; a post with links nobody clicked is there with 0, a post without links is not.
    /// </summary>
    private static async Task<Dictionary<int, long>> TrackedClicksAsync(SocialOpsDbContext db, AnalyticsPeriod p, CancellationToken ct)
    {
        var links = await (
                from link in db.Set<TrackedLink>().AsNoTracking()
                join post in PublishedPosts(db, p) on link.PostId equals (int?)post.Id
                select new { PostId = post.Id, Clicks = db.Set<LinkClickDay>().Where(d => d.LinkId == link.Id).Sum(d => (long?)d.Clicks) ?? 0 })
            .ToListAsync(ct);
        return links.GroupBy(l => l.PostId).ToDictionary(g => g.Key, g => g.Sum(l => l.Clicks));
    }
}
