using System.Security.Cryptography;

namespace SocialOps.Core.Links;

/// <summary>Short codes: 8 random base62 characters (about 47 bits), so codes cannot be walked one after another.</summary>
public static class LinkCodes
{
    public const int Length = 8;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>Whether <paramref name="code"/> could be one of ours: anything else is refused without a look-up.</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: Length } && code.All(char.IsAsciiLetterOrDigit);
}
