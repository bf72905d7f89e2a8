using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using SocialOps.Core.Analytics;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Web.Components.Shared;

namespace SocialOps.Web.Components.Pages.Analytics;

public sealed partial class Analytics
{
    private static readonly IReadOnlyList<string> SentimentLabels = ["Positive", "Neutral", "Negative"];
    private static readonly IReadOnlyList<string> SentimentColors = ["#2e7d32", "#9e9e9e", "#c62828"];
    private static readonly IReadOnlyList<string> Hours = [.. Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture))];
    private static readonly string[] Weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    [Inject] private AnalyticsService Service { get; set; } = default!;
    [Inject] private IDbContextFactory<SocialOpsDbContext> Contexts { get; set; } = default!;
    [Inject] private RoiSettingsStore RoiSettings { get; set; } = default!;
    [Inject] private EventBus Bus { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private string _preset = "30";
    private DateRange _range = new();
    private string _platform = "";
    private int _accountId;
    private string _zone = "UTC";
    private List<string> _zones = ["UTC"];
    private List<PlatformAccount> _accounts = [];
    private AnalyticsPeriod? _period;
    private string? _error;
    private DateTimeOffset _updated;

    private Core.Analytics.Dashboard? _d;
    private TopPosts? _top;
    private BestTimes? _best;
    private Roi? _roi;
    private IReadOnlyList<string> _dayLabels = [];
    private IReadOnlyList<ApexChart.ChartSeries> _engagementSeries = [];
    private IReadOnlyList<ApexChart.ChartSeries> _followerSeries = [];
    private IReadOnlyList<ApexChart.ChartSeries> _sentimentSeries = [];
    private IReadOnlyList<string> _platformLabels = [];
    private IReadOnlyList<ApexChart.ChartSeries> _platformSeries = [];
    private IReadOnlyList<ApexChart.ChartSeries> _heatSeries = [];

    private IDisposable? _subscription;

    private bool IsEmpty => _d is { Posts: 0, Followers: 0, Sentiment.Total: 0 };

    private string ChangeLabel => _period is null ? "" : $"vs previous {_period.Days} days";

    protected override async Task OnInitializedAsync()
    {
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            _accounts = await db.PlatformAccounts.AsNoTracking().OrderBy(a => a.Platform).ThenBy(a => a.DisplayName).ToListAsync();
        }

        _zones = ["UTC", .. (_accounts.Select(a => a.TimeZone).Where(z => z is not ("Etc/UTC" or "UTC")).Distinct().Order())];
        _subscription = Bus.Subscribe(_ => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }), LiveUpdates.Charts, typeof(PostStatusChanged), typeof(MetricsChanged));
        await LoadAsync();
    }

    private Task PresetChangedAsync(string preset)
    {
        _preset = preset;
        if (preset == "custom" && _period is not null)
        {
            _range = new DateRange(_period.From.ToDateTime(TimeOnly.MinValue), _period.To.ToDateTime(TimeOnly.MinValue));
        }

        return LoadAsync();
    }

    private Task RangeChangedAsync(DateRange range)
    {
        _range = range;
        return range.Start is null || range.End is null ? Task.CompletedTask : LoadAsync();
    }

    private Task PlatformChangedAsync(string platform)
    {
        (_platform, _accountId) = (platform, 0);
        return LoadAsync();
    }

    private Task AccountChangedAsync(int accountId)
    {
        _accountId = accountId;
        return LoadAsync();
    }

    private Task ZoneChangedAsync(string zone)
    {
        _zone = zone;
        return LoadAsync();
    }

    private (DateOnly From, DateOnly To) Dates()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(_zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), zone).DateTime);
        return _preset switch
        {
            "7" => (today.AddDays(-6), today),
            "90" => (today.AddDays(-89), today),
            "month" => (new DateOnly(today.Year, today.Month, 1), today),
            "custom" when _range.Start is { } s && _range.End is { } e => (DateOnly.FromDateTime(s), DateOnly.FromDateTime(e)),
            _ => (today.AddDays(-29), today),
        };
    }

    private async Task LoadAsync()
    {
        var (from, to) = Dates();
        var (period, error) = AnalyticsPeriod.Create(from, to, _zone, _platform, _accountId == 0 ? null : _accountId, to);
        _error = error;
        if (period is null)
        {
            return;
        }

        _period = period;
        var d = await Service.DashboardAsync(period);
        _top = await Service.TopPostsAsync(period, 10);
        _best = await Service.BestTimesAsync(period);
        _roi = await Service.RoiAsync(period, (await RoiSettings.CurrentAsync()).Values);
        _updated = TimeZoneInfo.ConvertTime(Time.GetUtcNow(), period.Zone);

        // New lists each time: the charts see new references and update their data in place.
        _dayLabels = [.. d.Daily.Select(p => p.Day.ToString("d MMM", CultureInfo.InvariantCulture))];
        _engagementSeries = [new("Engagements", [.. d.Daily.Select(p => (double?)p.Engagements)])];
        _followerSeries = [new("Followers", [.. d.Daily.Select(p => (double?)p.Followers)])];
        _sentimentSeries = [new("Comments", [d.Sentiment.Positive, d.Sentiment.Neutral, d.Sentiment.Negative])];
        _platformLabels = [.. d.Platforms.Select(p => p.Platform.ToString())];
        _platformSeries = [new("Engagements", [.. d.Platforms.Select(p => (double?)p.Engagements)])];
        _heatSeries = [.. Weekdays.Select((name, day) => new ApexChart.ChartSeries(name,
            [.. Enumerable.Range(0, 24).Select(h => _best.Cells.FirstOrDefault(c => c.Weekday == day && c.Hour == h)?.EngagementRate)]))];
        _d = d;
    }

    private string ExportUrl(string format)
    {
        var (from, to) = Dates();
        var query = new Dictionary<string, string?>
        {
            ["from"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["timeZone"] = _zone,
            ["platform"] = _platform == "" ? null : _platform,
            ["accountId"] = _accountId == 0 ? null : _accountId.ToString(CultureInfo.InvariantCulture),
            ["format"] = format,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("api/analytics/export", query);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
    }
}
