using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using SocialOps.Core.Analytics;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Web.Components.Shared;

namespace SocialOps.Web.Components.Pages.Analytics;

/// <summary>
/// The analytics page's state: the period and filters, the figures they load and the charts drawn from them. Any
/// event the page subscribes to reloads the figures for the same choices.
/// </summary>
public sealed class AnalyticsModel(AnalyticsService service, ConnectionService connections, RoiSettingsStore roiSettings, TimeProvider time)
{
    public const string Custom = "custom";
    private static readonly string[] Weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>"7", "30", "90", "month" or <see cref="Custom"/>.</summary>
    public string Preset { get; private set; } = "30";

    /// <summary>The custom range's first and last day (either may be missing while it is being picked).</summary>
    public (DateTime? Start, DateTime? End) Range { get; private set; }

    public string Platform { get; private set; } = "";

    /// <summary>0 for all accounts.</summary>
    public int AccountId { get; private set; }

    public string Zone { get; private set; } = "UTC";

    public IReadOnlyList<string> Zones { get; private set; } = ["UTC"];

    /// <summary>Every account with history, removed ones included.</summary>
    public IReadOnlyList<AccountSummary> Accounts { get; private set; } = [];

    public AnalyticsPeriod? Period { get; private set; }

    /// <summary>Why the chosen period cannot be shown; the figures of the last good one stay.</summary>
    public string? Error { get; private set; }

    /// <summary>When the figures were loaded, in the period's zone.</summary>
    public DateTimeOffset Updated { get; private set; }

    public Core.Analytics.Dashboard? Dashboard { get; private set; }
    public TopPosts? Top { get; private set; }
    public BestTimes? Best { get; private set; }
    public Roi? Roi { get; private set; }
    public AnalyticsCharts Charts { get; private set; } = AnalyticsCharts.Empty;

    public IEnumerable<Core.Publishing.Platform> Platforms => Accounts.Select(a => a.Platform).Distinct().Order();

    /// <summary>The accounts the account filter offers: those of the chosen platform.</summary>
    public IEnumerable<AccountSummary> AccountChoices => Accounts.Where(a => Platform == "" || a.Platform.ToString() == Platform);

    public bool IsEmpty => Dashboard is { Posts: 0, Followers: 0, Sentiment: { Total: 0, NotAnalysed: 0 } };

    public string ChangeLabel => Period is null ? "" : $"vs previous {Period.Days} days";

    /// <summary>Opens in the person's own zone (<paramref name="personZone"/>) when there is one, else in UTC.</summary>
    public async Task InitializeAsync(string? personZone = null)
    {
        Accounts = await connections.AccountsAsync(includeRemoved: true);
        var own = personZone is not null && SocialOps.Core.Common.Zones.Find(personZone) is not null && personZone is not ("Etc/UTC" or "UTC") ? personZone : null;
        Zones = ["UTC", .. Accounts.Select(a => a.TimeZone).Append(own).OfType<string>().Where(z => z is not ("Etc/UTC" or "UTC")).Distinct().Order()];
        Zone = own ?? "UTC";
        await LoadAsync();
    }

    /// <summary>Switching to a custom range starts from the period shown.</summary>
    public Task SetPresetAsync(string preset)
    {
        Preset = preset;
        if (preset == Custom && Period is not null)
        {
            Range = (Period.From.ToDateTime(TimeOnly.MinValue), Period.To.ToDateTime(TimeOnly.MinValue));
        }

        return LoadAsync();
    }

    /// <summary>Loads once both ends are picked.</summary>
    public Task SetRangeAsync(DateTime? start, DateTime? end)
    {
        Range = (start, end);
        return start is null || end is null ? Task.CompletedTask : LoadAsync();
    }

    /// <summary>Another platform clears the account choice.</summary>
    public Task SetPlatformAsync(string platform)
    {
        (Platform, AccountId) = (platform, 0);
        return LoadAsync();
    }

    public Task SetAccountAsync(int accountId)
    {
        AccountId = accountId;
        return LoadAsync();
    }

    public Task SetZoneAsync(string zone)
    {
        Zone = zone;
        return LoadAsync();
    }

    /// <summary>Posts and metrics changed somewhere: the same choices, reloaded.</summary>
    public Task ApplyAsync(IReadOnlyList<IEvent> events) => events.Count == 0 ? Task.CompletedTask : LoadAsync();

    public (DateOnly From, DateOnly To) Dates()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        return Preset switch
        {
            "7" => (today.AddDays(-6), today),
            "90" => (today.AddDays(-89), today),
            "month" => (new DateOnly(today.Year, today.Month, 1), today),
            Custom when Range is ({ } s, { } e) => (DateOnly.FromDateTime(s), DateOnly.FromDateTime(e)),
            _ => (today.AddDays(-29), today),
        };
    }

    public async Task LoadAsync()
    {
        var (from, to) = Dates();
        var (period, error) = AnalyticsPeriod.Create(from, to, Zone, Platform, AccountId == 0 ? null : AccountId, to);
        Error = error;
        if (period is null)
        {
            return;
        }

        Period = period;
        var dashboard = await service.DashboardAsync(period);
        Top = await service.TopPostsAsync(period, 10);
        Best = await service.BestTimesAsync(period);
        Roi = await service.RoiAsync(period, (await roiSettings.CurrentAsync()).Values);
        Updated = TimeZoneInfo.ConvertTime(time.GetUtcNow(), period.Zone);
        Charts = AnalyticsCharts.Of(dashboard, Best);
        Dashboard = dashboard;
    }

    /// <summary>
    /// The line under the ROI card: what is missing while a value or cost is not set (the card then links to
    /// Settings → ROI), why there is no ratio, or value against cost with the share of the costs under a filter.
    /// </summary>
    public static string RoiDetail(Roi? roi) => roi switch
    {
        null => "",
        { Missing.Count: > 0 } => "not shown until set in Settings → ROI: " + string.Join(", ", roi.Missing),
        { Value: { } value, Cost: { } cost, Ratio: not null } => string.Create(CultureInfo.CurrentCulture, $"value {value:N2} {roi.Currency} against cost {cost:N2}")
            + (roi.CostShare is { } share && share != 1m ? string.Create(CultureInfo.CurrentCulture, $" (costs × {share:P1}, the filtered posts' share)") : ""),
        _ => roi.Message ?? "",
    };

    /// <summary>The export API's address for the figures shown.</summary>
    public string ExportUrl(string format)
    {
        var (from, to) = Dates();
        var query = new Dictionary<string, string?>
        {
            ["from"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["timeZone"] = Zone,
            ["platform"] = Platform == "" ? null : Platform,
            ["accountId"] = AccountId == 0 ? null : AccountId.ToString(CultureInfo.InvariantCulture),
            ["format"] = format,
        };
        return QueryHelpers.AddQueryString("api/analytics/export", query);
    }

    /// <summary>
    /// The charts' labels and series. Each load makes new lists, so the charts see new references and update their
    /// data in place.
    /// </summary>
    public sealed record AnalyticsCharts(
        IReadOnlyList<string> DayLabels, IReadOnlyList<ApexChart.ChartSeries> Engagement, IReadOnlyList<ApexChart.ChartSeries> Followers,
        IReadOnlyList<ApexChart.ChartSeries> Sentiment, IReadOnlyList<string> PlatformLabels, IReadOnlyList<ApexChart.ChartSeries> Platforms,
        IReadOnlyList<ApexChart.ChartSeries> Heat)
    {
        public static readonly AnalyticsCharts Empty = new([], [], [], [], [], [], []);

        public static AnalyticsCharts Of(Core.Analytics.Dashboard d, BestTimes best) => new(
            [.. d.Daily.Select(p => p.Day.ToString("d MMM", CultureInfo.InvariantCulture))],
            [new("Engaged", [.. d.Daily.Select(p => (double?)p.Engaged)])],
            [new("Followers", [.. d.Daily.Select(p => (double?)p.Followers)])],
            [new("Comments", [d.Sentiment.Positive, d.Sentiment.Neutral, d.Sentiment.Negative])],
            [.. d.Platforms.Select(p => p.Platform.ToString())],
            [new("Engagements", [.. d.Platforms.Select(p => (double?)p.Engagements)])],
            [.. Weekdays.Select((name, day) => new ApexChart.ChartSeries(name,
                [.. Enumerable.Range(0, 24).Select(h => best.Cells.FirstOrDefault(c => c.Weekday == day && c.Hour == h)?.EngagementRate)]))]);
    }
}
