namespace SocialOps.Core.Scheduling;

/// <summary>A weekly posting-queue slot: a weekday and a wall-clock time in the account's zone, written <c>Mon 09:00</c>.</summary>
public readonly record struct QueueSlot(DayOfWeek Day, TimeOnly Time)
{
    private static readonly string[] Names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    public static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public const int MaxPerAccount = 100;

    public override string ToString() => $"{Names[(int)Day]} {Time.ToString("HH:mm", CultureInfo.InvariantCulture)}";

    public static string DayName(DayOfWeek day) => Names[(int)day];

    /// <summary>Orders slots through the week, Monday first.</summary>
    public long SortKey => (((int)Day + 6) % 7 * TimeSpan.TicksPerDay) + Time.Ticks;

    public static bool TryParse(string? text, out QueueSlot slot)
    {
        slot = default;
        var parts = (text ?? "").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return false;
        }

        var day = Array.FindIndex(Names, n => n.Equals(parts[0].Length > 3 ? parts[0][..3] : parts[0], StringComparison.OrdinalIgnoreCase));
        if (day < 0 || !TimeOnly.TryParseExact(parts[1], ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return false;
        }

        slot = new QueueSlot((DayOfWeek)day, time);
        return true;
    }

    /// <summary>Parses a list of slots; each unreadable one is named in <paramref name="problems"/>. Sorted, without repeats.</summary>
    public static List<QueueSlot> ParseAll(IEnumerable<string>? texts, List<string> problems)
    {
        var slots = new HashSet<QueueSlot>();
        foreach (var text in texts ?? [])
        {
            if (TryParse(text, out var slot))
            {
                slots.Add(slot);
            }
            else
            {
                problems.Add($"'{text}' is not a slot; write a weekday and a time, e.g. Mon 09:00.");
            }
        }

        if (slots.Count > MaxPerAccount)
        {
            problems.Add($"At most {MaxPerAccount} slots a week.");
        }

        return [.. slots.OrderBy(s => s.SortKey)];
    }

    /// <summary>
    /// The instants of the slots after <paramref name="after"/>, in order, read in <paramref name="zone"/> day by day, so a
    /// slot keeps its wall-clock time across a daylight-saving change (a time the clocks skip goes out right after the jump;
    /// a repeated time goes out once, at its first occurrence). Looks at most a year ahead.
    /// </summary>
    public static IEnumerable<DateTimeOffset> Upcoming(IReadOnlyList<QueueSlot> slots, TimeZoneInfo zone, DateTimeOffset after)
    {
        if (slots.Count == 0)
        {
            yield break;
        }

        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime).AddDays(-1);
        for (var day = first; day <= first.AddDays(370); day = day.AddDays(1))
        {
            foreach (var slot in slots.Where(s => s.Day == day.DayOfWeek).OrderBy(s => s.Time))
            {
                var at = Zones.ToInstant(day.ToDateTime(slot.Time), zone);
                if (at > after)
                {
                    yield return at;
                }
            }
        }
    }
}
