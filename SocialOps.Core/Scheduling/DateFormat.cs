using System.Text;
using System.Text.RegularExpressions;

namespace SocialOps.Core.Scheduling;

/// <summary>
/// How a local date-time is written when it is not ISO 8601, named the way people write it: <c>DD.MM.YYYY HH:mm</c>,
/// <c>MM/DD/YYYY HH:mm</c>, <c>DD/MM/YYYY HH:mm</c>. Tokens: <c>DD</c>/<c>D</c> day, <c>MM</c>/<c>M</c> month,
/// <c>YYYY</c> year, <c>HH</c>/<c>H</c> hour (24 h), <c>mm</c> minute, <c>ss</c> second; anything else between them is
/// written as it is. Day and month take one or two digits either way ("5.1.2027" reads with <c>DD.MM.YYYY</c>).
/// </summary>
public sealed partial class DateFormat
{
    /// <summary>The formats offered in the import dialog, besides ISO 8601 alone.</summary>
    public static readonly string[] Common = ["DD.MM.YYYY HH:mm", "DD/MM/YYYY HH:mm", "MM/DD/YYYY HH:mm"];

    public const string Help = "Use ISO 8601 (2027-01-05 09:00), or name the format, e.g. DD.MM.YYYY HH:mm, DD/MM/YYYY HH:mm or MM/DD/YYYY HH:mm.";

    private readonly Regex _pattern;

    private DateFormat(string text, Regex pattern)
    {
        Text = text;
        _pattern = pattern;
    }

    /// <summary>The format as written, e.g. <c>DD.MM.YYYY HH:mm</c>.</summary>
    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>The format, or null with the reason when it is not one (a day, a month and a four-digit year are needed).</summary>
    public static DateFormat? Parse(string? text, out string? problem)
    {
        problem = null;
        var format = text?.Trim() ?? "";
        var regex = new StringBuilder("^");
        var seen = new HashSet<char>();
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            var run = 1;
            while (i + run < format.Length && format[i + run] == c)
            {
                run++;
            }

            var token = format.Substring(i, run);
            var group = token switch
            {
                "DD" or "D" => ('d', @"(?<d>\d{1,2})"),
                "MM" or "M" => ('M', @"(?<M>\d{1,2})"),
                "YYYY" => ('y', @"(?<y>\d{4})"),
                "HH" or "H" => ('H', @"(?<H>\d{1,2})"),
                "mm" => ('m', @"(?<m>\d{2})"),
                "ss" => ('s', @"(?<s>\d{2})"),
                _ when char.IsLetterOrDigit(c) => ('?', ""),
                _ when char.IsWhiteSpace(c) => (' ', @"\s+"),
                _ => ('-', Regex.Escape(token)),
            };
            if (group.Item1 == '?')
            {
                problem = $"'{format}' is not a date format: '{token}' is not one of DD, MM, YYYY, HH, mm, ss.";
                return null;
            }

            if (char.IsLetter(group.Item1) && !seen.Add(group.Item1))
            {
                problem = $"'{format}' is not a date format: it names '{token}' twice.";
                return null;
            }

            regex.Append(group.Item2);
            i += run;
        }

        if (!seen.Contains('d') || !seen.Contains('M') || !seen.Contains('y') || seen.Contains('m') != seen.Contains('H') || (seen.Contains('s') && !seen.Contains('m')))
        {
            problem = $"'{format}' is not a date format: it needs DD, MM and YYYY (and HH with mm for a time). {Help}";
            return null;
        }

        return new DateFormat(format, new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }

    /// <summary>True for ISO 8601: <c>2027-01-05</c>, <c>2027-01-05 09:00</c>, <c>2027-01-05T09:00:00</c>, with or without Z or an offset.</summary>
    public static bool IsIso(string text) => Iso().IsMatch(text.Trim());

    /// <summary>The local date-time the text names in this format, or null when it does not match or names no such day.</summary>
    public DateTime? Read(string text)
    {
        var match = _pattern.Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var (year, month, day, hour, minute, second) = (Part("y"), Part("M"), Part("d"), Part("H"), Part("m"), Part("s"));
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
    }

    /// <summary>The usual way dates are written where the browser's language points (e.g. de-DE: DD.MM.YYYY), or null for ISO.</summary>
    public static string? ForLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(locale.Trim());
        }
        catch (CultureNotFoundException)
        {
            return null;
        }

        var pattern = culture.DateTimeFormat.ShortDatePattern;
        var day = pattern.IndexOf('d', StringComparison.Ordinal);
        var month = pattern.IndexOf('M', StringComparison.Ordinal);
        var year = pattern.IndexOf('y', StringComparison.Ordinal);
        if (day < 0 || month < 0 || year < 0 || year < day || year < month)
        {
            return null; // year first is ISO's order
        }

        var separator = pattern.Contains('.', StringComparison.Ordinal) ? "." : pattern.Contains('/', StringComparison.Ordinal) ? "/" : null;
        if (separator is null)
        {
            return null;
        }

        return day < month ? $"DD{separator}MM{separator}YYYY HH:mm" : $"MM{separator}DD{separator}YYYY HH:mm";
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Iso();
}
