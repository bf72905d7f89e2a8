using Microsoft.Extensions.Options;
using SocialOps.Core.Analytics;
using SocialOps.Core.Analytics.Wall;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Links;
using SocialOps.Web.Components.Shared;

namespace SocialOps.Web.Components.Pages.Wall;

public sealed partial class WallScreen(
    WallQueries queries, KioskKeyService settings, IOptions<WallOptions> options, EventBus bus, TimeProvider time, ILogger<WallScreen> logger)
{
    private static readonly string[] Panels = ["engagement", "comments", "upcoming", "reliability"];
    private static readonly string[] Titles = ["Engagement, last 14 days", "Latest comments", "Coming up next", "Publishing this week"];


    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private WallData? _data;
    private DateTime _clock;
    // When this circuit last rendered fresh figures (Unix ms, server clock): what a fan-out measurement reads on the page,
    // apart from how long the browser then took to paint it.
    private long _renderedMs;
    private int _panel;
    private IReadOnlyList<string> _labels = [];
    private IReadOnlyList<ApexChart.ChartSeries> _series = [];
    private readonly CancellationTokenSource _stop = new();
    private IDisposable? _changes;

    protected override async Task OnInitializedAsync()
    {
        _zone = await settings.WallZoneAsync(_stop.Token);
        _clock = Local(time.GetUtcNow());
        // Every wall on this instance hears an event at the same instant, so one read started after it serves them all.
        _changes = bus.Subscribe((_, arrived) => ReloadAsync(arrived), LiveUpdates.Page, typeof(PostStatusChanged), typeof(MetricsChanged), typeof(ClicksCounted));
        await LoadAsync(time.GetTimestamp());
        _ = TickAsync(_stop.Token);
    }

    private async Task LoadAsync(long notBefore)
    {
        var data = await queries.LoadSharedAsync(_zone, notBefore, _stop.Token);
        _labels = [.. data.Fortnight.Daily.Select(p => p.Day.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture))];
        // What arrived each day on any post (the same figure as "engagements today"), not the lifetime counts of that day's posts.
        _series = [new("Engagements", [.. data.Fortnight.Daily.Select(p => (double?)p.Engaged)])];
        _data = data;
        _renderedMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    // The clock and the rotation; one render a second at most.
    private async Task TickAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        var seconds = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var rotate = ++seconds % options.Value.RotateSeconds == 0;
                var clock = Local(time.GetUtcNow());
                var newDay = clock.Date != _clock.Date;
                if (rotate || newDay || clock.Minute != _clock.Minute)
                {
                    await InvokeAsync(() =>
                    {
                        _clock = clock;
                        _panel = rotate ? (_panel + 1) % Panels.Length : _panel;
                        StateHasChanged();
                    });
                }

                if (newDay)
                {
                    // Midnight in the wall's zone (the clock above already shows it): "today" is a new day, so its figures
                    // are read again, by a read started after midnight (shared by every wall in the zone, whichever second
                    // each one ticks on).
                    var sinceMidnight = clock - clock.Date;
                    await ReloadAsync(time.GetTimestamp() - (long)(sinceMidnight.TotalSeconds * time.TimestampFrequency));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The circuit closed.
        }
    }

    // The read that serves the wall must have started after notBefore (when the newest event reached this instance).
    private async Task ReloadAsync(long notBefore)
    {
        try
        {
            await InvokeAsync(async () =>
            {
                await LoadAsync(notBefore);
                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
            // The circuit closed.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRefreshFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The wall could not refresh its figures")]
    private static partial void LogRefreshFailed(ILogger logger, Exception ex);

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone).DateTime;

    private static string Mood(SentimentMix mix) => mix.Total == 0 ? "–"
        : (mix.MeanScore switch { > 0.2 => "☺ ", < -0.2 => "☹ ", _ => "😐 " }) + mix.MeanScore.ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Short(string text) => text.Length <= 120 ? text : text[..120] + "…";

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _changes?.Dispose();
    }
}
