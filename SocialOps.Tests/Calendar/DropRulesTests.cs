using SocialOps.Core.Calendar;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Tests.Calendar;

public sealed class DropRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CalendarItem Item(PostStatus status, int? id = 1) =>
        new(id, null, Platform.Sandbox, null, "text", status, Now.AddHours(5), "", IsRecurring: false, IsDemo: false);

    [Theory]
    [InlineData(PostStatus.Scheduled)]
    [InlineData(PostStatus.Draft)]
    [InlineData(PostStatus.Missed)]
    [InlineData(PostStatus.Failed)]
    [InlineData(PostStatus.Unconfirmed)]
    public void APendingOrUnfinishedPostMovesToTheFuture(PostStatus status) =>
        Assert.Null(PostPlanner.RefuseDrop(Item(status), Now.AddDays(1), Now));

    [Fact]
    public void ADropOnThePastIsRefused() =>
        Assert.Contains("already passed", PostPlanner.RefuseDrop(Item(PostStatus.Scheduled), Now.AddMinutes(-1), Now), StringComparison.Ordinal);

    [Theory]
    [InlineData(PostStatus.Published, "published post")]
    [InlineData(PostStatus.Publishing, "being published")]
    [InlineData(PostStatus.Cancelled, "cannot be moved")]
    public void FinishedOrRunningPostsStayWhereTheyAre(PostStatus status, string reason) =>
        Assert.Contains(reason, PostPlanner.RefuseDrop(Item(status), Now.AddDays(1), Now), StringComparison.Ordinal);

    [Fact]
    public void AProjectedOccurrenceCannotBeDragged() =>
        Assert.Contains("later occurrence", PostPlanner.RefuseDrop(Item(PostStatus.Scheduled, id: null), Now.AddDays(1), Now), StringComparison.Ordinal);

    [Theory]
    [InlineData("0 9 * * 1", "2026-06-01T09:00", "2026-06-03T14:30", "30 14 * * 3")]
    [InlineData("0 9 * * *", "2026-06-01T09:00", "2026-06-02T10:15", "15 10 * * *")]
    [InlineData("0 9 5 * *", "2026-06-05T09:00", "2026-06-07T09:00", "0 9 7 * *")]
    [InlineData("0 9 * * 0,6", "2026-06-06T09:00", "2026-06-05T09:00", "0 9 * * 5,6")]
    public void MovingASeriesShiftsItsPattern(string pattern, string from, string to, string expected) =>
        Assert.Equal(expected, SeriesPatterns.Shift(pattern, DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateTime.Parse(to, System.Globalization.CultureInfo.InvariantCulture)).Pattern);

    [Theory]
    [InlineData("*/30 9 * * *")]
    [InlineData("0 9 * * 1-5")]
    public void ASeriesWithSeveralTimesOrARangeOfDaysIsNotShifted(string pattern) =>
        Assert.NotNull(SeriesPatterns.Shift(pattern, new DateTime(2026, 6, 1, 9, 0, 0), new DateTime(2026, 6, 2, 9, 0, 0)).Problem);
}
