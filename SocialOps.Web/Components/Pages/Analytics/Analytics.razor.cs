using System.Globalization;
using MudBlazor;
using SocialOps.Core.Analytics;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Analytics;

public sealed partial class Analytics(
    AnalyticsService service, ConnectionService connections, RoiSettingsStore roiSettings, EventBus bus, UserClock clock, TimeProvider time)
{
    private static readonly IReadOnlyList<string> SentimentLabels = ["Positive", "Neutral", "Negative"];
    private static readonly IReadOnlyList<string> SentimentColors = ["#2e7d32", "#9e9e9e", "#c62828"];
    private static readonly IReadOnlyList<string> Hours = [.. Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture))];

    /// <summary>Comments whose sentiment was read, the negative share of them, and apart the ones nothing could read.</summary>
    private static string SentimentDetail(SentimentMix mix) =>
        string.Create(CultureInfo.CurrentCulture, $"{mix.Total:N0} comments, {mix.NegativeShare:P0} negative")
        + (mix.NotAnalysed > 0 ? string.Create(CultureInfo.CurrentCulture, $" · {mix.NotAnalysed:N0} not analysed") : "");

    /// <summary>What the rate is over, and the engagements per post of the posts it cannot be over (no audience reported).</summary>
    private static string RateDetail(Core.Analytics.Dashboard d) =>
        string.Create(CultureInfo.CurrentCulture, $"engagements ÷ reach, {d.Posts - d.PostsWithoutAudience:N0} posts with an audience")
        + (d.EngagementsPerPostWithoutAudience is { } perPost
            ? string.Create(CultureInfo.CurrentCulture, $" · {d.PostsWithoutAudience:N0} without: {perPost:N1} engagements a post")
            : "");


    private AnalyticsModel _model = default!;
    private DateRange _range = new();
    private IDisposable? _subscription;

    protected override async Task OnInitializedAsync()
    {
        _model = new AnalyticsModel(service, connections, roiSettings, time);
        _subscription = bus.Subscribe(events => InvokeAsync(async () =>
        {
            await _model.ApplyAsync(events);
            StateHasChanged();
        }), LiveUpdates.Charts, typeof(PostStatusChanged), typeof(MetricsChanged));
        await clock.EnsureLoadedAsync();
        await _model.InitializeAsync(clock.IsChosen ? clock.ZoneName : null);
    }

    private async Task PresetChangedAsync(string preset)
    {
        var loading = _model.SetPresetAsync(preset);
        if ((_range.Start, _range.End) != _model.Range)
        {
            _range = new DateRange(_model.Range.Start, _model.Range.End);
        }

        await loading;
    }

    private Task RangeChangedAsync(DateRange range)
    {
        _range = range;
        return _model.SetRangeAsync(range.Start, range.End);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
    }
}
