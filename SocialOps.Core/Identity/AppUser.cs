using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace SocialOps.Core.Identity;

/// <summary>A person who signs in to SocialOps.</summary>
public class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The IANA zone pages show times in for this person; null until chosen (pages then use UTC).</summary>
    [MaxLength(64)]
    public string? TimeZone { get; set; }

    /// <summary>How pages name a person: the display name, else the part of the email before the @, else the id.</summary>
    public static string ShownName(string? displayName, string? email, string id) =>
        !string.IsNullOrWhiteSpace(displayName) ? displayName.Trim()
        : email?.Split('@')[0] is { Length: > 0 } local ? local
        : id;
}
