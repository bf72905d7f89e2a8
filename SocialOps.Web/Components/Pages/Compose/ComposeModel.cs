using Microsoft.AspNetCore.Components.Forms;
using SocialOps.Core.Analytics;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Compose;

/// <summary>
/// The composer's state: the accounts chosen, the text (with an own text per platform), hashtags, media, the time and
/// zone and how the post repeats; what each platform makes of it, what is wrong with it, and whether it has changed.
/// Any edit clears the messages of the last attempt to save.
/// </summary>
public sealed partial class ComposeModel(
    int? id, CalendarQueries queries, PostPlanner planner, SchedulingService scheduling, SchedulerReports reports, MediaStore media, UserClock clock, TimeProvider time)
{
    public const int MaxFiles = 10;
    private static readonly string[] AllZones = [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/') || id == "UTC").Order()];

    /// <summary>
    /// An account a post can go to; the built-in Sandbox when no Sandbox account exists. <see cref="DisplayName"/>,
    /// <see cref="Handle"/> and <see cref="AvatarUrl"/> are the account as its platform shows it, for the previews.
    /// </summary>
    public sealed record Target(string Key, Platform Platform, int? AccountId, string Name, string? DisplayName = null, string? Handle = null, string? AvatarUrl = null);

    private readonly HashSet<string> _selected = [];
    private readonly Dictionary<Platform, string> _variants = [];
    private readonly List<string> _media = [];
    private readonly List<string> _mediaErrors = [];
    private string? _text;
    private string? _hashtags;
    private DateTime? _date;
    private TimeSpan? _time;

    // Whether the date and time are the person's choice (a calendar slot, a pick, the post's own time) rather than the
    // composer's suggestion: a draft keeps only a chosen time.
    private bool _timeChosen;
    private string? _zone;
    private bool _trackLinks;
    private string? _campaign;
    private RecurrenceModel? _recurrence;

    /// <summary>The post being edited; null for a new post.</summary>
    public int? Id { get; } = id;

    /// <summary>How a new post repeats, from its local time in its zone.</summary>
    public RecurrenceModel Recurrence => _recurrence ??= new RecurrenceModel(time, () => LocalTime, () => _zone);

    public IReadOnlyList<Target> Targets { get; private set; } = [];

    public IReadOnlySet<string> Selected => _selected;

    public string? Text { get => _text; set => Edit(() => _text = value); }

    /// <summary>Own texts by platform, in place of <see cref="Text"/>.</summary>
    public IReadOnlyDictionary<Platform, string> Variants => _variants;

    public string? Hashtags { get => _hashtags; set => Edit(() => _hashtags = value); }

    public IReadOnlyList<string> Media => _media;

    /// <summary>Why files were not taken, from the last upload.</summary>
    public IReadOnlyList<string> MediaErrors => _mediaErrors;

    public DateTime? Date { get => _date; set => Edit(() => (_date, _timeChosen) = (value, true)); }

    public TimeSpan? TimeOfDay { get => _time; set => Edit(() => (_time, _timeChosen) = (value, true)); }

    public string? Zone { get => _zone; set => Edit(() => _zone = value); }

    /// <summary>The new post's links go out as tracked short links (the account's own setting may ask for it too).</summary>
    public bool TrackLinks { get => _trackLinks; set => Edit(() => _trackLinks = value); }

    /// <summary>The tracked links' <c>utm_campaign</c>; empty: the first hashtag.</summary>
    public string? Campaign { get => _campaign; set => Edit(() => _campaign = value); }

    /// <summary>What the services refused at the last attempt to save, by field.</summary>
    public ValidationErrors Errors { get; private set; } = [];

    public IReadOnlyList<(int UtcHour, Platform Platform)> BestTimes { get; private set; } = [];

    public string? BestTimesSource { get; private set; }

    /// <summary>There are changes that are not saved.</summary>
    public bool Dirty { get; private set; }

    /// <summary>Saving was tried: an empty text is now a problem to show.</summary>
    public bool Touched { get; private set; }

    public bool Saving { get; private set; }

    public bool Uploading { get; private set; }

    /// <summary>The first chosen account of <paramref name="platform"/>: whose name and picture its preview shows.</summary>
    public Target? PreviewAccount(Platform platform) => Targets.FirstOrDefault(t => t.Platform == platform && _selected.Contains(t.Key));

    public IReadOnlyList<Platform> SelectedPlatforms => [.. Targets.Where(t => _selected.Contains(t.Key)).Select(t => t.Platform).Distinct()];

    public List<string> HashtagList => [.. (_hashtags ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];

    public DateTime? LocalTime => _date is { } d && _time is { } t ? d.Date.Add(t) : null;

    /// <summary>
    /// Reads the accounts and starts at <paramref name="at"/> (a slot key, tomorrow 09:00 otherwise), or from the post
    /// being edited or copied (<paramref name="from"/>).
    /// </summary>
    public async Task InitializeAsync(string? at, int? from)
    {
        await clock.EnsureLoadedAsync();
        _zone = clock.ZoneName;
        var accounts = await queries.AccountsAsync();
        List<Target> targets = [.. accounts.Select(a => new Target($"a{a.Id}", a.Platform, a.Id, Label(a), a.Name, a.Handle, a.AvatarUrl))];
        if (targets.Count == 0)
        {
            // Nothing connected yet: the built-in Sandbox lets a new team try the whole flow without an account.
            targets.Add(new Target("sandbox", Platform.Sandbox, null, "Sandbox (try without an account)", "Sandbox"));
        }

        Targets = targets;
        _timeChosen = CalendarGrid.TryParseSlot(at, out var slot);
        var start = _timeChosen ? slot : clock.Now.DateTime.Date.AddDays(1).AddHours(9);
        (_date, _time) = (start.Date, start.TimeOfDay);
        if ((Id ?? from) is { } source && await planner.DetailsAsync(source) is { } details)
        {
            Prefill(details);
        }
        else if (Targets.Count == 1)
        {
            _selected.Add(Targets[0].Key);
        }

        await LoadBestTimesAsync();
    }

    /// <summary>"Mastodon · Roastery"; a Sandbox account says so, so it is never taken for the real one.</summary>
    private static string Label(AccountOption a) =>
        (a.Name == a.Platform.ToString() ? a.Name : $"{a.Platform} · {a.Name}") + (a.IsSandbox && a.Platform != Platform.Sandbox ? " (Sandbox)" : "");

    private void Prefill(PostDetails details)
    {
        var post = details.Post;
        var target = Targets.FirstOrDefault(t => t.AccountId == post.AccountId && t.Platform == post.Platform) ?? Targets.FirstOrDefault(t => t.Platform == post.Platform);
        if (target is not null)
        {
            _selected.Add(target.Key);
        }

        _text = post.Content;
        _hashtags = string.Join(' ', post.Hashtags);
        _media.AddRange(post.MediaReferences);
        _parts.AddRange(post.Parts.OrderBy(p => p.Index).Select(p => p.Content));
        _firstComment = post.FirstComment;
        if (Id is not null)
        {
            // A draft has no zone of its own: it is shown in the person's zone, not its account's.
            var draft = post.Status == PostStatus.Draft && details.Cron is null;
            _zone = draft ? _zone : details.TimeZone ?? _zone;
            if (post.ScheduledFor is { } due && Zones.Find(_zone) is { } zone)
            {
                var local = TimeZoneInfo.ConvertTime(due, zone).DateTime;
                (_date, _time, _timeChosen) = (local.Date, local.TimeOfDay, true);
            }
        }
    }

    /// <summary>Something changed (here or in the recurrence): unsaved, and the last save's messages no longer apply.</summary>
    public void Edit(Action? change = null)
    {
        change?.Invoke();
        Dirty = true;
        Errors = [];
        ForgetDuplicates();
    }

    public async Task ToggleAsync(Target target)
    {
        Edit(() =>
        {
            if (!_selected.Remove(target.Key))
            {
                _selected.Add(target.Key);
            }
        });
        await LoadBestTimesAsync();
    }

    /// <summary>Gives <paramref name="platform"/> a text of its own (starting from the shared one), or takes it away.</summary>
    public void UseOwnText(Platform platform, bool on) => Edit(() =>
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

    public void SetOwnText(Platform platform, string? text) => Edit(() => _variants[platform] = text ?? string.Empty);

    public string TextFor(Platform platform) => _variants.TryGetValue(platform, out var own) ? own : _text ?? "";

    /// <summary>The platform's length and problems with the post as it stands.</summary>
    public ContentCheck Check(Platform platform) => ContentRules.Check(platform, TextFor(platform), HashtagList, _media);

    /// <summary>The problems to show under a platform: an empty text only once saving was tried.</summary>
    public IEnumerable<ContentProblem> ProblemsFor(Platform platform) =>
        Check(platform).Problems.Where(p => Touched || p.Field != "content" || !string.IsNullOrWhiteSpace(TextFor(platform)));

    public IEnumerable<string> ErrorsFor(params string[] fields) => fields.SelectMany(f => Errors.GetValueOrDefault(f) ?? []);

    public static Task<IEnumerable<string>> SearchZonesAsync(string? text, CancellationToken ct) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text) ? AllZones.AsEnumerable() : AllZones.Where(z => z.Contains(text.Trim().Replace(' ', '_'), StringComparison.OrdinalIgnoreCase)));

    /// <summary>Stores the files (up to <see cref="MaxFiles"/>) and attaches them; says why any was not taken.</summary>
    public async Task UploadAsync(IReadOnlyList<IBrowserFile> files, Actor actor)
    {
        _mediaErrors.Clear();
        Uploading = true;
        try
        {
            foreach (var file in files.Take(MaxFiles))
            {
                if (file.Size > MediaTypes.MaxVideoBytes)
                {
                    _mediaErrors.Add($"'{file.Name}' is over the limit of {MediaTypes.MaxVideoBytes / (1024 * 1024)} MB.");
                    continue;
                }

                await using var stream = file.OpenReadStream(MediaTypes.MaxVideoBytes);
                var (reference, error) = await media.SaveAsync(stream, file.Name, actor);
                if (reference is not null)
                {
                    Edit(() => _media.Add(reference));
                }
                else
                {
                    _mediaErrors.Add(error!);
                }
            }
        }
        finally
        {
            Uploading = false;
        }
    }

    public void RemoveMedia(string reference) => Edit(() => _media.Remove(reference));
}
