using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Identity;

/// <summary>
/// The address of a reset link, the same whether it is copied from Settings, printed by the command line or, later,
/// mailed: the page needs nothing but what the address carries.
/// </summary>
public static class PasswordResetLinks
{
    public const string Path = "account/reset-password";

    /// <summary>The link relative to the app's address (no leading slash), to put after it.</summary>
    public static string For(PasswordResetLink link) =>
        $"{Path}?user={Uri.EscapeDataString(link.UserId)}&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(link.Token))}";

    /// <summary>The token inside a link's <c>code</c>, or null when the code was cut short or altered.</summary>
    public static string? Token(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
