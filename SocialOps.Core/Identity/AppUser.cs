using Microsoft.AspNetCore.Identity;

namespace SocialOps.Core.Identity;

/// <summary>A person who signs in to SocialOps.</summary>
public class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
