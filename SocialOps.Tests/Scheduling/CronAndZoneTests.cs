using SocialOps.Core.Common;
using SocialOps.Core.Scheduling;

namespace SocialOps.Tests.Scheduling;

/// <summary>A daily 02:30 post fires once a day, at the right instant, across both DST changes.</summary>
public sealed class CronAndZoneTests
{
    private static List<DateTimeOffset> Daily0230(string zoneId, DateTimeOffset from, int days)
    {
        var (expression, error) = CronPattern.Parse("30 2 * * *");
        Assert.Null(error);
        return [.. CronPattern.Next(expression!, Zones.Find(zoneId)!, from, days)];
    }

    [Fact]
    public void BerlinSpringForwardFiresOnceRightAfterTheJump()
    {
        var runs = Daily0230("Europe/Berlin", new DateTimeOffset(2026, 3, 27, 0, 0, 0, TimeSpan.Zero), 4);

        Assert.Equal(
        [
            new DateTimeOffset(2026, 3, 27, 1, 30, 0, TimeSpan.Zero), // 02:30 CET
            new DateTimeOffset(2026, 3, 28, 1, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero),  // 02:30 does not exist: 03:00 CEST
            new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero), // 02:30 CEST
        ], runs);
    }

    [Fact]
    public void BerlinFallBackFiresOnceInTheRepeatedHour()
    {
        var runs = Daily0230("Europe/Berlin", new DateTimeOffset(2026, 10, 24, 0, 0, 0, TimeSpan.Zero), 3);

        Assert.Equal(
        [
            new DateTimeOffset(2026, 10, 24, 0, 30, 0, TimeSpan.Zero), // 02:30 CEST
            new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), // first 02:30 only
            new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero), // 02:30 CET
        ], runs);
    }

    [Fact]
    public void LosAngelesAcrossBothChangesFiresOncePerLocalDay()
    {
        var zone = Zones.Find("America/Los_Angeles")!;
        var spring = Daily0230(zone.Id, new DateTimeOffset(2026, 3, 7, 0, 0, 0, TimeSpan.Zero), 3);
        var fall = Daily0230(zone.Id, new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.Zero), 3);

        Assert.Equal(
        [
            new DateTimeOffset(2026, 3, 7, 10, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 8, 10, 0, 0, TimeSpan.Zero),  // 03:00 PDT, right after the jump
            new DateTimeOffset(2026, 3, 9, 9, 30, 0, TimeSpan.Zero),
        ], spring);
        Assert.Equal(
        [
            new DateTimeOffset(2026, 10, 31, 9, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 1, 10, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 2, 10, 30, 0, TimeSpan.Zero),
        ], fall);
        Assert.Equal(3, fall.Select(r => TimeZoneInfo.ConvertTime(r, zone).Date).Distinct().Count());
    }

    [Fact]
    public void LocalTimesInTheGapMoveForwardAndRepeatedTimesMeanTheFirst()
    {
        var berlin = Zones.Find("Europe/Berlin")!;

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), Zones.ToInstant(new DateTime(2026, 3, 29, 2, 30, 0), berlin));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), Zones.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0), berlin));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero), Zones.ToInstant(new DateTime(2026, 12, 1, 14, 0, 0), berlin));
    }

    [Theory]
    [InlineData("")]
    [InlineData("* * *")]
    [InlineData("61 * * * *")]
    [InlineData("0 0 * * * *")]
    [InlineData("every day")]
    public void MalformedPatternsAreRefusedWithAReason(string pattern)
    {
        var (expression, error) = CronPattern.Parse(pattern);

        Assert.Null(expression);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
