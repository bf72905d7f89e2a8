using SocialOps.Core.Common;
using SocialOps.Core.Scheduling;

namespace SocialOps.Web.Components.Pages.Compose;

/// <summary>A post on a chosen account that the new one looks like; <see cref="Refused"/> where the platform would refuse it.</summary>
public sealed record DuplicateNote(string Account, string Message, bool Refused);

public sealed partial class ComposeModel
{
    private bool _duplicatesConfirmed;

    /// <summary>What the last "Schedule" found alike on the chosen accounts; it waits for "Schedule anyway" (or a change).</summary>
    public IReadOnlyList<DuplicateNote> Duplicates { get; private set; } = [];

    /// <summary>Schedules although <see cref="Duplicates"/> were found, the person having read them.</summary>
    public Task<ComposeOutcome?> ScheduleAnywayAsync(Actor actor)
    {
        _duplicatesConfirmed = true;
        return ScheduleAsync(actor);
    }

    // A change to the post makes the last findings stale: they are looked for again at the next "Schedule".
    private void ForgetDuplicates()
    {
        Duplicates = [];
        _duplicatesConfirmed = false;
    }

    /// <summary>Looks for posts like this one on each chosen account around its time; true when there are some to show first.</summary>
    private async Task<bool> DuplicatesFoundAsync()
    {
        if (Id is not null || _duplicatesConfirmed || LocalTime is not { } local || Zones.Find(_zone) is not { } zone)
        {
            return false;
        }

        DateTimeOffset instant;
        try
        {
            instant = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        }
        catch (ArgumentException)
        {
            return false; // a time the clocks skip: the scheduling service says so
        }

        var chosen = Chosen.ToList();
        var found = await scheduling.FindDuplicatesAsync([.. chosen.Select(t => (t.Platform, t.AccountId, DuplicateText.Published(TextFor(t.Platform), HashtagList), instant))]);
        Duplicates = [.. chosen.SelectMany((t, i) => found[i].Select(m => new DuplicateNote(t.Name, m.Describe(), DuplicateCheck.Refused(t.Platform) && m.Exact)))];
        return Duplicates.Count > 0;
    }
}
