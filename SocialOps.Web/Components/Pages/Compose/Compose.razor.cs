using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using SocialOps.Core.Analytics;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Compose;

public partial class Compose
{
    private const int MaxFiles = 10;
    private static readonly string[] AllZones = [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/') || id == "UTC").Order()];

    [Inject] private CalendarQueries Queries { get; set; } = default!;
    [Inject] private PostPlanner Planner { get; set; } = default!;
    [Inject] private SchedulingService Scheduling { get; set; } = default!;
    [Inject] private SchedulerReports Reports { get; set; } = default!;
    [Inject] private MediaStore Media { get; set; } = default!;
    [Inject] private UserClock Clock { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The post being edited; none for a new post.</summary>
    [Parameter] public int? Id { get; set; }

    [SupplyParameterFromQuery(Name = "at")] public string? AtQuery { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public int? FromQuery { get; set; }
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private sealed record Target(string Key, Platform Platform, int? AccountId, string Name);

    private List<Target> _targets = [];
    private readonly HashSet<string> _selected = [];
    private string? _text;
    private readonly Dictionary<Platform, string> _variants = [];
    private string? _hashtags;
    private readonly List<string> _media = [];
    private readonly List<string> _mediaErrors = [];
    private DateTime? _date;
    private TimeSpan? _time;
    private string? _zone;
    private RecurrenceEditor? _recurrence;
    private ValidationErrors _errors = [];
    private List<(int UtcHour, Platform Platform)> _bestTimes = [];
    private string? _bestTimesSource;
    private bool _dirty;
    private bool _touched;
    private bool _saving;
    private bool _uploading;

    protected override async Task OnInitializedAsync()
    {
        await Clock.EnsureLoadedAsync();
        _zone = Clock.ZoneName;
        var accounts = await Queries.AccountsAsync();
        _targets = [.. accounts.Select(a => new Target($"a{a.Id}", a.Platform, a.Id, a.Name == a.Platform.ToString() ? a.Name : $"{a.Platform} · {a.Name}"))];
        if (!accounts.Any(a => a.Platform == Platform.Sandbox))
        {
            _targets.Insert(0, new Target("sandbox", Platform.Sandbox, null, "Sandbox"));
        }

        var start = CalendarGrid.TryParseSlot(AtQuery, out var at) ? at : Clock.Now.DateTime.Date.AddDays(1).AddHours(9);
        (_date, _time) = (start.Date, start.TimeOfDay);
        if ((Id ?? FromQuery) is { } source && await Planner.DetailsAsync(source) is { } details)
        {
            Prefill(details);
        }
        else if (_targets.Count == 1)
        {
            _selected.Add(_targets[0].Key);
        }

        await LoadBestTimesAsync();
    }

    private void Prefill(PostDetails details)
    {
        var post = details.Post;
        var target = _targets.FirstOrDefault(t => t.AccountId == post.AccountId && t.Platform == post.Platform) ?? _targets.FirstOrDefault(t => t.Platform == post.Platform);
        if (target is not null)
        {
            _selected.Add(target.Key);
        }

        _text = post.Content;
        _hashtags = string.Join(' ', post.Hashtags);
        _media.AddRange(post.MediaReferences);
        if (Id is not null)
        {
            _zone = details.TimeZone ?? _zone;
            if (post.ScheduledFor is { } due && Zones.Find(_zone) is { } zone)
            {
                var local = TimeZoneInfo.ConvertTime(due, zone).DateTime;
                (_date, _time) = (local.Date, local.TimeOfDay);
            }
        }
    }

    private IReadOnlyList<Platform> SelectedPlatforms => [.. _targets.Where(t => _selected.Contains(t.Key)).Select(t => t.Platform).Distinct()];

    private List<string> Hashtags => [.. (_hashtags ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];

    private string TextFor(Platform platform) => _variants.TryGetValue(platform, out var own) ? own : _text ?? "";

    private ContentCheck Check(Platform platform) => ContentRules.Check(platform, TextFor(platform), Hashtags, _media);

    private DateTime? LocalTime => _date is { } d && _time is { } t ? d.Date.Add(t) : null;

    private IEnumerable<string> Errors(params string[] fields) => fields.SelectMany(f => _errors.GetValueOrDefault(f) ?? []);

    private void Set(Action change)
    {
        change();
        _dirty = true;
        _errors = [];
    }

    private async Task Toggle(Target target)
    {
        Set(() =>
        {
            if (!_selected.Remove(target.Key))
            {
                _selected.Add(target.Key);
            }
        });
        await LoadBestTimesAsync();
    }

    private void ToggleVariant(Platform platform, bool on) => Set(() =>
    {
        if (on)
        {
            _variants[platform] = _text ?? "";
        }
        else
        {
            _variants.Remove(platform);
        }
    });

    /// <summary>Problems with the date, time and zone that the page can see before asking the server.</summary>
    private IEnumerable<string> TimeProblems()
    {
        if (Zones.Find(_zone) is null)
        {
            yield return $"Unknown time zone '{_zone}'. Choose one from the list, e.g. Europe/Berlin.";
            yield break;
        }

        if (LocalTime is null)
        {
            yield return "Choose a date and a time.";
        }
        else if (_recurrence?.Repeats != true && Landing() is { } landing && landing.At < Time.GetUtcNow())
        {
            yield return $"{Clock.Format(landing.At)} ({Clock.ZoneName}) is in the past.";
        }
    }

    private Landing? Landing() => LocalTime is { } local && Zones.Find(_zone) is { } zone ? CalendarGrid.LandAt(local, zone) : null;

    private string? TimeNote() => Landing() is { } landing
        ? landing.Note ?? (Zones.Find(_zone) is { } zone && zone.Id != Clock.Zone.Id ? $"That is {Clock.Format(landing.At)} your time ({Clock.ZoneName})." : null)
        : null;

    private async Task LoadBestTimesAsync()
    {
        _bestTimes = [];
        if (SelectedPlatforms.Count == 0)
        {
            return;
        }

        var platform = SelectedPlatforms[0];

        var best = await Reports.OptimalTimesAsync(platform.ToString());
        _bestTimes = [.. best.UtcHours.Select(h => (h, platform))];
        _bestTimesSource = best.Source == "history" ? $"from your {platform} history, {best.PostsConsidered} posts" : $"{platform} defaults until there is enough history";
    }

    private string BestTimeLabel(int utcHour) => Clock.Format(BestInstant(utcHour), "HH:mm");

    private DateTimeOffset BestInstant(int utcHour)
    {
        var day = _date ?? Clock.Now.DateTime.Date;
        return new DateTimeOffset(day.Year, day.Month, day.Day, utcHour, 0, 0, TimeSpan.Zero);
    }

    private void UseBestTime(int utcHour)
    {
        var zone = Zones.Find(_zone) ?? Clock.Zone;
        var local = TimeZoneInfo.ConvertTime(BestInstant(utcHour), zone).DateTime;
        Set(() => (_date, _time) = (local.Date, local.TimeOfDay));
    }

    private static Task<IEnumerable<string>> SearchZonesAsync(string? text, CancellationToken ct) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text) ? AllZones.AsEnumerable() : AllZones.Where(z => z.Contains(text.Trim().Replace(' ', '_'), StringComparison.OrdinalIgnoreCase)));

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        _mediaErrors.Clear();
        _uploading = true;
        try
        {
            foreach (var file in e.GetMultipleFiles(MaxFiles))
            {
                if (file.Size > MediaTypes.MaxVideoBytes)
                {
                    _mediaErrors.Add($"'{file.Name}' is over the limit of {MediaTypes.MaxVideoBytes / (1024 * 1024)} MB.");
                    continue;
                }

                await using var stream = file.OpenReadStream(MediaTypes.MaxVideoBytes);
                var (reference, error) = await Media.SaveAsync(stream, file.Name, (await Auth).User.ToActor());
                if (reference is not null)
                {
                    Set(() => _media.Add(reference));
                }
                else
                {
                    _mediaErrors.Add(error!);
                }
            }
        }
        finally
        {
            _uploading = false;
        }
    }

    private void RemoveMedia(string reference) => Set(() => _media.Remove(reference));

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!_dirty)
        {
            return;
        }

        var leave = await Dialogs.ShowMessageBoxAsync("Leave without saving?", "This post has changes that are not saved.",
            yesText: "Leave", cancelText: "Stay");
        if (leave != true)
        {
            context.PreventNavigation();
        }
    }
}
