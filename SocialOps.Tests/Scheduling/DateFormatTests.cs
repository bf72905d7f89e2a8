using SocialOps.Core.Scheduling;

namespace SocialOps.Tests.Scheduling;

public sealed class DateFormatTests
{
    private static DateFormat Format(string text) => DateFormat.Parse(text, out var problem) ?? throw new InvalidOperationException(problem);

    [Theory]
    [InlineData("DD.MM.YYYY HH:mm", "05.01.2027 09:00", 2027, 1, 5, 9, 0)]
    [InlineData("DD.MM.YYYY HH:mm", "5.1.2027 9:00", 2027, 1, 5, 9, 0)]
    [InlineData("DD.MM.YYYY HH:mm", "13.01.2027 09:00", 2027, 1, 13, 9, 0)]
    [InlineData("DD.MM.YYYY HH:mm", "10.12.2026 18:30", 2026, 12, 10, 18, 30)]
    [InlineData("MM/DD/YYYY HH:mm", "05/01/2027 09:00", 2027, 5, 1, 9, 0)]
    [InlineData("DD/MM/YYYY HH:mm", "05/01/2027 09:00", 2027, 1, 5, 9, 0)]
    [InlineData("DD.MM.YYYY", "05.01.2027", 2027, 1, 5, 0, 0)]
    public void AFormatReadsTheDayAndMonthWhereItSaysTheyAre(string format, string text, int year, int month, int day, int hour, int minute) =>
        Assert.Equal(new DateTime(year, month, day, hour, minute, 0), Format(format).Read(text));

    [Theory]
    [InlineData("DD.MM.YYYY HH:mm", "01.13.2027 09:00")]
    [InlineData("DD.MM.YYYY HH:mm", "31.02.2027 09:00")]
    [InlineData("DD.MM.YYYY HH:mm", "05/01/2027 09:00")]
    [InlineData("DD.MM.YYYY HH:mm", "05.01.2027")]
    [InlineData("DD.MM.YYYY HH:mm", "05.01.2027 24:00")]
    [InlineData("MM/DD/YYYY HH:mm", "13/01/2027 09:00")]
    public void TextThatDoesNotMatchOrNamesNoSuchDayIsNotADate(string format, string text) => Assert.Null(Format(format).Read(text));

    [Theory]
    [InlineData("DD.QQ.YYYY")]
    [InlineData("MM/YYYY")]
    [InlineData("DD.MM.DD.YYYY")]
    [InlineData("DD.MM.YYYY HH")]
    [InlineData("")]
    public void AFormatWithoutDayMonthAndYearIsRefusedWithAReason(string text)
    {
        Assert.Null(DateFormat.Parse(text, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Theory]
    [InlineData("2027-01-05 09:00", true)]
    [InlineData("2027-01-05T09:00", true)]
    [InlineData("2027-01-05T09:00:00Z", true)]
    [InlineData("2027-01-05", true)]
    [InlineData("05.01.2027 09:00", false)]
    [InlineData("05/01/2027 09:00", false)]
    [InlineData("Jan 5 2027", false)]
    public void IsoIsRecognised(string text, bool iso) => Assert.Equal(iso, DateFormat.IsIso(text));

    [Theory]
    [InlineData("de-DE", "DD.MM.YYYY HH:mm")]
    [InlineData("en-GB", "DD/MM/YYYY HH:mm")]
    [InlineData("en-US", "MM/DD/YYYY HH:mm")]
    [InlineData("ja-JP", null)]
    [InlineData("not a locale", null)]
    [InlineData(null, null)]
    public void TheUsualFormatOfALocale(string? locale, string? format) => Assert.Equal(format, DateFormat.ForLocale(locale));
}
