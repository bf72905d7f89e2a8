using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Analytics;

/// <summary>Where a new posting queue starts, read from when the account's posts do best.</summary>
public static class QueueSuggestions
{
    /// <summary>The slots a new account starts with: weekdays at its two best hours, Saturday at the best, or 09:00, 13:00 and Saturday 11:00.</summary>
    public static IReadOnlyList<QueueSlot> SuggestQueueSlots(this BestTimes best)
    {
        var cells = best.Cells;
        // Hours are ranked on the posts whose audience is known.
        var hours = cells.Where(c => c.EngagementRate is not null).GroupBy(c => c.Hour).Where(g => g.Sum(c => c.Posts) >= 3)
            .OrderByDescending(g => g.Sum(c => c.EngagementRate!.Value * c.Posts) / g.Sum(c => c.Posts)).Select(g => g.Key).Take(2).Order().ToList();
        if (hours.Count < 2)
        {
            hours = [9, 13];
        }

        var saturday = hours.Count > 0 && cells.Count > 0 ? hours[0] : 11;
        return [.. QueueSlot.Week.Take(5).SelectMany(d => hours.Select(h => new QueueSlot(d, new TimeOnly(h, 0)))), new QueueSlot(DayOfWeek.Saturday, new TimeOnly(saturday, 0))];
    }
}
