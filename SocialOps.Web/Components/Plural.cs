using System.Globalization;

namespace SocialOps.Web.Components;

/// <summary>A count with its noun in the right number: "1 call", "2 calls", "1,200 rows".</summary>
public static class Plural
{
    /// <summary>The count, then <paramref name="one"/> for exactly one, otherwise <paramref name="many"/> (by default <paramref name="one"/> + "s").</summary>
    public static string Of(long count, string one, string? many = null) =>
        $"{count.ToString("N0", CultureInfo.CurrentCulture)} {(count == 1 ? one : many ?? one + "s")}";
}
