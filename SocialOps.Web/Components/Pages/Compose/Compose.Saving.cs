using System.Globalization;
using MudBlazor;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Scheduling;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Compose;

/// <summary>Scheduling and saving drafts: through the scheduling service, all accounts or none.</summary>
public partial class Compose
{
    private bool CheckBeforeSaving(bool needsTime)
    {
        _touched = true;
        var problems = SelectedPlatforms.Count == 0 || SelectedPlatforms.Any(p => !Check(p).IsValid)
            || (needsTime && TimeProblems().Any()) || (needsTime && _recurrence?.Problem is not null);
        if (SelectedPlatforms.Count == 0)
        {
            _errors = new ValidationErrors { { "platform", "Choose at least one account." } };
        }

        return !problems;
    }

    private string LocalText => LocalTime!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private async Task ScheduleAsync()
    {
        if (!CheckBeforeSaving(needsTime: true))
        {
            return;
        }

        await SaveAsync(async actor =>
        {
            if (Id is { } id)
            {
                var (result, errors) = await Scheduling.RescheduleAsync(id, new RescheduleRequest(LocalText, _zone, TextFor(SelectedPlatforms[0]), Hashtags), actor);
                return (result is not null, errors);
            }

            var requests = _targets.Where(t => _selected.Contains(t.Key)).Select(t => new ScheduleRequest(
                t.Platform.ToString(), TextFor(t.Platform), LocalText, _zone, t.AccountId, Hashtags,
                _recurrence?.Pattern, _recurrence?.EndDate, _recurrence?.MaxOccurrences, [.. _media])).ToList();
            var (results, bulkErrors) = await Scheduling.BulkScheduleAsync(requests, actor);
            return (results is not null, Unprefixed(bulkErrors));
        }, "Scheduled.");
    }

    private async Task SaveDraftAsync()
    {
        if (!CheckBeforeSaving(needsTime: false))
        {
            return;
        }

        await SaveAsync(async actor =>
        {
            if (Id is { } id)
            {
                var (result, errors) = await Scheduling.RescheduleAsync(id, new RescheduleRequest(null, null, TextFor(SelectedPlatforms[0]), Hashtags), actor);
                return (result is not null, errors);
            }

            var all = new ValidationErrors();
            foreach (var t in _targets.Where(t => _selected.Contains(t.Key)))
            {
                var (draft, errors) = await Planner.SaveDraftAsync(new ScheduleRequest(t.Platform.ToString(), TextFor(t.Platform),
                    LocalTime is null ? null : LocalText, _zone, t.AccountId, Hashtags, MediaReferences: [.. _media]), actor);
                foreach (var (field, messages) in errors)
                {
                    foreach (var m in messages)
                    {
                        all.Add(field, $"{t.Name}: {m}");
                    }
                }
            }

            return (all.Count == 0, all);
        }, "Saved as draft.");
    }

    private async Task SaveAsync(Func<Core.Common.Actor, Task<(bool Ok, ValidationErrors Errors)>> save, string done)
    {
        _saving = true;
        try
        {
            var (ok, errors) = await save((await Auth).User.ToActor());
            if (!ok)
            {
                _errors = errors;
                return;
            }

            _dirty = false;
            Snackbar.Add(done, Severity.Success);
            var date = _date is { } d ? CalendarGrid.DayKey(DateOnly.FromDateTime(d)) : CalendarGrid.DayKey(Clock.Today);
            Navigation.NavigateTo($"calendar?date={date}");
        }
        catch (RefusedException refused)
        {
            // The post moved on meanwhile (it is publishing, say), or the role does not allow this.
            Snackbar.Add(refused.Message, Severity.Warning);
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>Bulk errors are keyed <c>items[i].field</c>; the composer shows them by field, naming the account.</summary>
    private ValidationErrors Unprefixed(ValidationErrors errors)
    {
        var targets = _targets.Where(t => _selected.Contains(t.Key)).ToList();
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
