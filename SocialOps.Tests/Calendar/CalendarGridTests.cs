using SocialOps.Core.Calendar;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;

namespace SocialOps.Tests.Calendar;

public sealed class CalendarGridTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void AMonthShowsWholeWeeksFromMondayIntoTheNeighbouringMonths()
    {
        var march = CalendarGrid.Days(CalendarView.Month, D(2026, 3, 17));

        Assert.Equal(D(2026, 2, 23), march[0]); // 1 March 2026 is a Sunday
        Assert.Equal(D(2026, 4, 5), march[^1]);
        Assert.Equal(6 * 7, march.Count);
        Assert.All(march.Chunk(7), week => Assert.Equal(DayOfWeek.Monday, week[0].DayOfWeek));
    }

    [Fact]
    public void AMonthAcrossTheYearEndStartsInDecemberAndEndsInFebruary()
    {
        var january = CalendarGrid.Days(CalendarView.Month, D(2027, 1, 1));

        Assert.Equal(D(2026, 12, 28), january[0]);
        Assert.Equal(D(2027, 1, 31), january[^1]); // 31 January 2027 is a Sunday: no February days needed
        Assert.Equal(5 * 7, january.Count);
        Assert.Equal(D(2027, 2, 1), CalendarGrid.Shift(CalendarView.Month, D(2027, 1, 31), 1));
        Assert.Equal(D(2026, 12, 1), CalendarGrid.Shift(CalendarView.Month, D(2027, 1, 31), -1));
    }

    [Fact]
    public void AWeekAcrossTheYearEndRunsMondayToSunday()
    {
        var week = CalendarGrid.Days(CalendarView.Week, D(2027, 1, 1));

        Assert.Equal([D(2026, 12, 28), D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)], week);
        Assert.Equal(D(2027, 1, 8), CalendarGrid.Shift(CalendarView.Week, D(2027, 1, 1), 1));
    }

    [Theory]
    [InlineData("Europe/Berlin", 2026, 3, 29, 23)]
    [InlineData("Europe/Berlin", 2026, 10, 25, 25)]
    [InlineData("America/New_York", 2026, 3, 8, 23)]
    [InlineData("America/New_York", 2026, 11, 1, 25)]
    [InlineData("Europe/Berlin", 2026, 6, 1, 24)]
    public void DaylightSavingDaysHaveTheirTrueLengthAndSlots(string zoneId, int y, int m, int d, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        Assert.Equal(TimeSpan.FromHours(hours), CalendarGrid.Length(D(y, m, d), zone));
        Assert.Equal(hours * 4, CalendarGrid.SlotInstants(D(y, m, d), zone).Count);
        Assert.Equal(96, CalendarGrid.SlotRows(D(y, m, d)).Count);
    }

    [Fact]
    public void TheSkippedAndRepeatedHoursAreMarked()
    {
        Assert.Equal(SlotKind.Skipped, CalendarGrid.KindOf(new DateTime(2026, 3, 29, 2, 15, 0), Berlin));
        Assert.Equal(SlotKind.Repeated, CalendarGrid.KindOf(new DateTime(2026, 10, 25, 2, 15, 0), Berlin));
        Assert.Equal(SlotKind.Normal, CalendarGrid.KindOf(new DateTime(2026, 10, 25, 3, 15, 0), Berlin));
        Assert.Equal(SlotKind.Skipped, CalendarGrid.KindOf(new DateTime(2026, 3, 8, 2, 0, 0), NewYork));
    }

    [Fact]
    public void APostAt2330UtcIsOnTheNextLocalDayInBerlinAndTheSameDayInNewYork()
    {
        var at = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal(D(2027, 1, 1), CalendarGrid.LocalDate(at, Berlin));
        Assert.Equal(D(2026, 12, 31), CalendarGrid.LocalDate(at, NewYork));
        Assert.Equal(new DateTime(2027, 1, 1, 0, 30, 0), CalendarGrid.SlotOf(at, Berlin));
        var (from, to) = CalendarGrid.Range(CalendarGrid.Days(CalendarView.Month, D(2027, 1, 1)), Berlin);
        Assert.Equal(new DateTimeOffset(2026, 12, 27, 23, 0, 0, TimeSpan.Zero), from);
        Assert.True(at >= from && at < to);
    }

    [Fact]
    public void MovingToAnotherDayKeepsTheLocalTimeAcrossAClockChange()
    {
        var saturday = new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero); // 09:00 in Berlin (CET)

        var landing = CalendarGrid.MoveToDay(saturday, D(2026, 3, 30), Berlin);

        Assert.Equal(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), landing.At); // 09:00 in Berlin (CEST)
        Assert.Null(landing.Note);
    }

    [Fact]
    public void ATimeInTheSpringForwardGapLandsAfterTheJumpAndSaysSo()
    {
        var landing = CalendarGrid.LandAt(new DateTime(2026, 3, 29, 2, 30, 0), Berlin);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), landing.At); // 03:30 CEST
        Assert.Contains("becomes 03:30", landing.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void ProjectedOccurrencesOfASeriesKeepTheirLocalTimeAcrossADaylightSavingChange()
    {
        var schedule = new Schedule
        {
            Kind = ScheduleKind.Recurring, CronExpression = "0 9 * * *", TimeZone = "Europe/Berlin", IsActive = true,
            SeriesPlatform = Platform.Sandbox, SeriesContent = "Good morning",
        };
        var after = new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero);

        var upcoming = SeriesPlanner.Upcoming(schedule, after, after.AddDays(4), 100);

        Assert.Equal(
            [
                new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 31, 7, 0, 0, TimeSpan.Zero),
            ],
            upcoming);
        Assert.All(upcoming, at => Assert.Equal(9, TimeZoneInfo.ConvertTime(at, Berlin).Hour));
    }

    [Fact]
    public void ProjectionStopsAtTheSeriesCountAndEndDate()
    {
        var after = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var counted = new Schedule { Kind = ScheduleKind.Recurring, CronExpression = "0 9 * * *", TimeZone = "Etc/UTC", MaxOccurrences = 5, OccurrencesCreated = 3 };
        var ending = new Schedule { Kind = ScheduleKind.Recurring, CronExpression = "0 9 * * *", TimeZone = "Etc/UTC", EndsAt = after.AddDays(3) };

        Assert.Equal(2, SeriesPlanner.Upcoming(counted, after, after.AddDays(30), 100).Count);
        Assert.Equal(3, SeriesPlanner.Upcoming(ending, after, after.AddDays(30), 100).Count);
        Assert.Empty(SeriesPlanner.Upcoming(new Schedule { Kind = ScheduleKind.Recurring, CronExpression = "0 9 * * *", IsActive = false }, after, after.AddDays(30), 100));
    }
}
