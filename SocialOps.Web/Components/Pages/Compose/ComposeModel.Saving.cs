using System.Globalization;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Scheduling;

namespace SocialOps.Web.Components.Pages.Compose;

/// <summary>How saving went: what to tell the person, and where to go next when it was saved.</summary>
public sealed record ComposeOutcome(Notice Notice, string? GoTo);

/// <summary>The time checks, best times, and saving through the scheduling service: all accounts or none.</summary>
public sealed partial class ComposeModel
{
    /// <summary>Problems with the date, time and zone that the composer can see before asking the server.</summary>
    public IEnumerable<string> TimeProblems()
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
        else if (!Recurrence.Repeats && Landing() is { } landing && landing.At < time.GetUtcNow())
        {
            yield return $"{clock.Format(landing.At)} ({clock.ZoneName}) is in the past.";
        }
    }

    /// <summary>What the chosen time becomes (a skipped or repeated hour), or what it is in the person's own zone.</summary>
    public string? TimeNote() => Landing() is { } landing
        ? landing.Note ?? (Zones.Find(_zone) is { } zone && zone.Id != clock.Zone.Id ? $"That is {clock.Format(landing.At)} your time ({clock.ZoneName})." : null)
        : null;

    private Landing? Landing() => LocalTime is { } local && Zones.Find(_zone) is { } zone ? CalendarGrid.LandAt(local, zone) : null;

    private async Task LoadBestTimesAsync()
    {
        BestTimes = [];
        if (SelectedPlatforms.Count == 0)
        {
            return;
        }

        var platform = SelectedPlatforms[0];
        var best = await reports.OptimalTimesAsync(platform.ToString());
        BestTimes = [.. best.UtcHours.Select(h => (h, platform))];
        BestTimesSource = best.Source == "history" ? $"from your {platform} history, {best.PostsConsidered} posts" : $"{platform} defaults until there is enough history";
    }

    public string BestTimeLabel(int utcHour) => clock.Format(BestInstant(utcHour), "HH:mm");

    /// <summary>Moves the post to that hour of its day, in its zone.</summary>
    public void UseBestTime(int utcHour)
    {
        var zone = Zones.Find(_zone) ?? clock.Zone;
        var local = TimeZoneInfo.ConvertTime(BestInstant(utcHour), zone).DateTime;
        Edit(() => (_date, _time, _timeChosen) = (local.Date, local.TimeOfDay, true));
    }

    private DateTimeOffset BestInstant(int utcHour)
    {
        var day = _date ?? clock.Now.DateTime.Date;
        return new DateTimeOffset(day.Year, day.Month, day.Day, utcHour, 0, 0, TimeSpan.Zero);
    }

    private string LocalText => LocalTime!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private IEnumerable<Target> Chosen => Targets.Where(t => _selected.Contains(t.Key));

    /// <summary>Schedules the post on every chosen account; null when the composer or the service found problems to show.</summary>
    public async Task<ComposeOutcome?> ScheduleAsync(Actor actor)
    {
        if (!ReadyToSave(needsTime: true) || await DuplicatesFoundAsync())
        {
            return null;
        }

        return await SaveResultsAsync(() => ScheduleChosenAsync(actor), "Scheduled.", WaitingForApproval);
    }

    /// <summary>
    /// Saves through <paramref name="save"/>. An Editor whose posts need approval is told <paramref name="waits"/>, not
    /// <paramref name="done"/>: nothing goes out until an Approver says yes.
    /// </summary>
    private Task<ComposeOutcome?> SaveResultsAsync(
        Func<Task<(IReadOnlyList<ScheduledResult>? Results, ValidationErrors Errors)>> save, string done, string waits, DateOnly? day = null)
    {
        var waiting = false;
        return SaveAsync(async () =>
        {
            var (results, errors) = await save();
            waiting = results?.Any(r => r.Status == nameof(PostStatus.PendingApproval)) == true;
            return (results is not null, errors);
        }, () => waiting ? waits : done, day);
    }

    /// <summary>What the composer says when what it scheduled waits for an Approver.</summary>
    public const string WaitingForApproval = "Sent for approval: it goes out at its time once an Admin or Approver approves it.";

    private async Task<(IReadOnlyList<ScheduledResult>? Results, ValidationErrors Errors)> ScheduleChosenAsync(Actor actor)
    {
        if (Id is { } id)
        {
            var (result, errors) = await scheduling.RescheduleAsync(id, Edited(LocalText, _zone), actor);
            return (result is null ? null : [result], errors);
        }

        var requests = Chosen.Select(t => new ScheduleRequest(
            t.Platform.ToString(), TextFor(t.Platform), LocalText, _zone, t.AccountId, HashtagList,
            Recurrence.Pattern, Recurrence.EndDate, Recurrence.MaxOccurrences, [.. _media], _trackLinks, _campaign, ThreadForRequest, FirstCommentForRequest,
            _duplicatesConfirmed)).ToList();
        var (results, bulkErrors) = await scheduling.BulkScheduleAsync(requests, actor);
        return (results, Unprefixed(bulkErrors));
    }

    /// <summary>The post being edited as it now stands: its text, hashtags, media, thread and first comment.</summary>
    private RescheduleRequest Edited(string? at, string? zone) =>
        new(at, zone, TextFor(SelectedPlatforms[0]), HashtagList, [.. _media], [.. _parts], _firstComment ?? "");

    /// <summary>What the composer says when a post it was asked to publish now waits for an Approver instead.</summary>
    public const string PublishWaitsForApproval = "Sent for approval: nothing goes out until an Admin or Approver approves it and gives it a time.";

    private string Now => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// Sends the post out at once on every chosen account (the post being edited keeps its changes and goes now). Where
    /// the person's posts need approval it is sent for approval instead; a repeating post cannot go out "now".
    /// </summary>
    public Task<ComposeOutcome?> PublishNowAsync(Actor actor)
    {
        if (!ReadyToSave(needsTime: false))
        {
            return Task.FromResult<ComposeOutcome?>(null);
        }

        if (Id is null && Recurrence.Repeats)
        {
            Errors = new ValidationErrors { { "recurrencePattern", "A repeating post cannot be published now: schedule it, or turn off repeating." } };
            return Task.FromResult<ComposeOutcome?>(null);
        }

        return SaveResultsAsync(() => PublishChosenNowAsync(actor), "Publishing now.", PublishWaitsForApproval, clock.Today);
    }

    private async Task<(IReadOnlyList<ScheduledResult>? Results, ValidationErrors Errors)> PublishChosenNowAsync(Actor actor)
    {
        if (Id is { } id)
        {
            // The edits are saved first (an edit that needs approval sends the post to review), then the post goes now.
            var (edited, editErrors) = await scheduling.RescheduleAsync(id, Edited(null, null), actor);
            if (edited is null)
            {
                return (null, editErrors);
            }

            try
            {
                var (result, errors) = await scheduling.PublishNowAsync(id, actor);
                return (result is null ? null : [result], errors);
            }
            catch (ConflictException) when (edited.Status is nameof(PostStatus.PendingApproval) or nameof(PostStatus.Draft))
            {
                // This person may not send it past an Approver: it waits for approval, asked for now.
                var (moved, movedErrors) = await scheduling.RescheduleAsync(id, new RescheduleRequest(Now), actor);
                return (moved is null ? null : [moved], movedErrors);
            }
        }

        // A new post is scheduled for this instant: it goes out at once, or waits for approval where that is the rule.
        var now = Now;
        var zone = Zones.Find(_zone)?.Id ?? clock.Zone.Id;
        var requests = Chosen.Select(t => new ScheduleRequest(
            t.Platform.ToString(), TextFor(t.Platform), now, zone, t.AccountId, HashtagList, MediaReferences: [.. _media], TrackLinks: _trackLinks, Campaign: _campaign,
            Thread: ThreadForRequest, FirstComment: FirstCommentForRequest)).ToList();
        var (results, bulkErrors) = await scheduling.BulkScheduleAsync(requests, actor);
        return (results, Unprefixed(bulkErrors));
    }

    /// <summary>Saves the post as a draft on every chosen account; null when there were problems to show.</summary>
    public Task<ComposeOutcome?> SaveDraftAsync(Actor actor) => !ReadyToSave(needsTime: false) ? Task.FromResult<ComposeOutcome?>(null) : SaveAsync(async () =>
    {
        if (Id is { } id)
        {
            var (result, errors) = await scheduling.RescheduleAsync(id, Edited(null, null), actor);
            return (result is not null, errors);
        }

        var all = new ValidationErrors();
        foreach (var t in Chosen)
        {
            var (_, errors) = await planner.SaveDraftAsync(new ScheduleRequest(t.Platform.ToString(), TextFor(t.Platform),
                _timeChosen && LocalTime is not null ? LocalText : null, _zone, t.AccountId, HashtagList, MediaReferences: [.. _media], TrackLinks: _trackLinks, Campaign: _campaign,
                Thread: ThreadForRequest, FirstComment: FirstCommentForRequest), actor);
            foreach (var (field, messages) in errors)
            {
                foreach (var m in messages)
                {
                    all.Add(field, $"{t.Name}: {m}");
                }
            }
        }

        return (all.Count == 0, all);
    }, () => "Saved as draft.");

    /// <summary>The posting-queue requests for the chosen connected accounts.</summary>
    public IReadOnlyList<QueueRequest> QueueRequests(bool shareNext) =>
        [.. Chosen.Where(t => t.AccountId is not null).Select(t => new QueueRequest(t.AccountId, TextFor(t.Platform), HashtagList, [.. _media], shareNext))];

    /// <summary>The post went into an account's queue: nothing is left unsaved; returns the queue's address.</summary>
    public string Queued(int accountId)
    {
        Dirty = false;
        return $"queue?account={accountId}";
    }

    public void Refused(ValidationErrors errors) => Errors = errors;

    private bool ReadyToSave(bool needsTime)
    {
        Touched = true;
        if (SelectedPlatforms.Count == 0)
        {
            Errors = new ValidationErrors { { "platform", "Choose at least one account." } };
        }

        return SelectedPlatforms.Count > 0 && SelectedPlatforms.All(p => Check(p).IsValid)
            && !(needsTime && (TimeProblems().Any() || Recurrence.Problem is not null));
    }

    private async Task<ComposeOutcome?> SaveAsync(Func<Task<(bool Ok, ValidationErrors Errors)>> save, Func<string> done, DateOnly? day = null)
    {
        Saving = true;
        try
        {
            var (ok, errors) = await save();
            if (!ok)
            {
                Errors = errors;
                return null;
            }

            Dirty = false;
            var date = day is { } shown ? CalendarGrid.DayKey(shown) : _date is { } d ? CalendarGrid.DayKey(DateOnly.FromDateTime(d)) : CalendarGrid.DayKey(clock.Today);
            return new ComposeOutcome(Notice.Success(done()), $"calendar?date={date}");
        }
        catch (RefusedException refused)
        {
            // The post moved on meanwhile (it is publishing, say), or the role does not allow this.
            return new ComposeOutcome(Notice.Warning(refused.Message), null);
        }
        finally
        {
            Saving = false;
        }
    }

    /// <summary>Bulk errors are keyed <c>items[i].field</c>; the composer shows them by field, naming the account.</summary>
    private ValidationErrors Unprefixed(ValidationErrors errors)
    {
        var targets = Chosen.ToList();
        var result = new ValidationErrors();
        foreach (var (key, messages) in errors)
        {
            var close = key.IndexOf("].", StringComparison.Ordinal);
            var index = key.StartsWith("items[", StringComparison.Ordinal) && close > 6 && int.TryParse(key[6..close], out var i) ? i : -1;
            var field = close > 0 ? key[(close + 2)..] : key;
            foreach (var m in messages)
            {
                result.Add(field, index >= 0 && index < targets.Count && targets.Count > 1 ? $"{targets[index].Name}: {m}" : m);
            }
        }

        return result;
    }
}
