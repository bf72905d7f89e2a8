using System.Text.Json.Serialization;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>One published post with its current counters (the roll-up); the unit every total is summed from.</summary>
public sealed record PostMetrics(
    int PostId, [property: JsonConverter(typeof(PlatformNameConverter))] Platform Platform, int? AccountId, DateTimeOffset PublishedAt,
    long Likes, long Comments, long Shares, long Saves, long Clicks, long Impressions, long Reach)
{
    public long Engagements => Likes + Comments + Shares + Saves + Clicks;

    /// <summary>Reach when the platform reports it, otherwise impressions; 0 when it reports neither.</summary>
    public long Audience => Reach > 0 ? Reach : Impressions;

    /// <summary>Whether the platform reported an audience for this post: only such posts have a rate or count towards one.</summary>
    public bool ReportsAudience => Audience > 0;

    public double? EngagementRate => EngagementRates.Of(Engagements, Audience);
}

/// <summary>
/// The comments whose sentiment was read (<see cref="Total"/>, which the shares and the mean are over), and apart from
/// them those in a language nothing could read (<see cref="NotAnalysed"/>): counting those as neutral would dilute the mix.
/// </summary>
public sealed record SentimentMix(int Total, int Positive, int Neutral, int Negative, double MeanScore, double NegativeShare, int NotAnalysed = 0);

/// <summary>
/// One day: <see cref="Posts"/> and <see cref="Engagements"/> of the posts published that day (their lifetime counters),
/// <see cref="Engaged"/> the engagement that arrived that day on any post (snapshot deltas).
/// </summary>
public sealed record DailyPoint(DateOnly Day, int Posts, long Engagements, long Impressions, long Followers, double? MeanSentiment, long Engaged = 0);

public sealed record PlatformRow(
    [property: JsonConverter(typeof(PlatformNameConverter))] Platform Platform, int Posts, long Likes, long Comments, long Shares, long Impressions, long Engagements,
    double? EngagementRate, long Followers, long FollowerGrowth,
    int PostsWithoutAudience = 0, double? EngagementsPerPostWithoutAudience = null, long Engaged = 0);

/// <summary>The figures of one period; see the README's analytics section (and <see cref="EngagementSums"/>, <see cref="Engaged"/>) for each definition.</summary>
public sealed record DashboardTotals(
    int Posts, double PostsPerDay, long Likes, long Comments, long Shares, long Saves, long Clicks, long Impressions, long Reach,
    long Engagements, double? EngagementRate, long Followers, long FollowerGrowth, double? FollowerGrowthRate, long NewFollowers, SentimentMix Sentiment,
    int PostsWithoutAudience, double? EngagementsPerPostWithoutAudience, long Engaged, int PostsAt7Days, double? EngagementsPerPostAt7Days);

public sealed record Dashboard(
    DateOnly From, DateOnly To, string TimeZone,
    int Posts, double PostsPerDay, long Likes, long Comments, long Shares, long Saves, long Clicks, long Impressions, long Reach,
    long Engagements, double? EngagementRate, long Followers, long FollowerGrowth, double? FollowerGrowthRate, SentimentMix Sentiment,
    IReadOnlyDictionary<string, double?> Change, IReadOnlyList<PlatformRow> Platforms, IReadOnlyList<DailyPoint> Daily,
    int PostsWithoutAudience = 0, double? EngagementsPerPostWithoutAudience = null, long Engaged = 0, int PostsAt7Days = 0, double? EngagementsPerPostAt7Days = null);

public sealed record TopPost(int PostId, [property: JsonConverter(typeof(PlatformNameConverter))] Platform Platform, DateTimeOffset PublishedAt, string Text, string? Url, long Engagements, long Impressions, double? EngagementRate);

public sealed record TopPosts(IReadOnlyList<TopPost> ByEngagementRate, IReadOnlyList<TopPost> ByEngagements);

/// <summary>Weekday 0 = Monday … 6 = Sunday, hour 0–23, both in each account's own time zone.</summary>
public sealed record HeatCell(int Weekday, int Hour, int Posts, double? EngagementRate, int PostsWithoutAudience = 0, double? EngagementsPerPostWithoutAudience = null);

public sealed record GroupPerformance(string Name, int Posts, long Engagements, double? EngagementRate, int PostsWithoutAudience = 0, double? EngagementsPerPostWithoutAudience = null);

public sealed record BestTimes(IReadOnlyList<HeatCell> Cells, IReadOnlyList<GroupPerformance> ByContentType, IReadOnlyList<GroupPerformance> ByHashtag);

/// <summary>
/// One line of the ROI: <see cref="Quantity"/> × <see cref="UnitValue"/> × <see cref="Share"/> = <see cref="Amount"/>
/// (rounded to cents). <see cref="UnitValue"/> and <see cref="Amount"/> are null while the setting is not set;
/// <see cref="Share"/> is the filtered posts' share of a cost (<see cref="RoiCostShare"/>), 1 for values, null when unknown.
/// </summary>
public sealed record RoiLine(string Item, decimal Quantity, decimal? UnitValue, decimal? Amount, decimal? Share = 1m);

/// <summary>
/// The ROI of a period (README, "ROI"). <see cref="Value"/> is null while a value setting is unset, <see cref="Cost"/>
/// while a cost setting is unset (or, under a filter, while no post at all was published in the period), and then
/// <see cref="Net"/> and <see cref="Ratio"/> are null too; <see cref="Ratio"/> also when the cost is 0.
/// <see cref="Missing"/> names the unset settings, <see cref="Message"/> says in words why a figure is not shown, and
/// <see cref="SettingsUrl"/> is where to set them. Under a platform or account filter, costs are narrowed by
/// <see cref="CostShare"/>, stated in <see cref="CostShareNote"/>. <see cref="TrackedClicks"/> and <see cref="PlatformClicks"/>
/// are the clicks valued (<see cref="RoiClicks"/>).
/// </summary>
public sealed record Roi(
    string Currency, decimal? Value, decimal? Cost, decimal? Net, double? Ratio, IReadOnlyList<RoiLine> ValueLines, IReadOnlyList<RoiLine> CostLines, string Formula,
    IReadOnlyList<string> Missing, string? Message, string SettingsUrl, decimal? CostShare, string? CostShareNote, long TrackedClicks, long PlatformClicks);

public sealed record FollowerGrowth(long Start, long End, long Growth, double? GrowthRate, IReadOnlyList<DailyPoint> Daily);
