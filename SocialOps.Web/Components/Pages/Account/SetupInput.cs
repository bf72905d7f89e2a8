using System.ComponentModel.DataAnnotations;

namespace SocialOps.Web.Components.Pages.Account;

public sealed class SetupInput
{
    [Required(ErrorMessage = "Enter the setup code from the server log.")]
    public string SetupCode { get; set; } = "";

    [Required, EmailAddress]
    public string Email { get; set; } = "";

    [Required, MinLength(12, ErrorMessage = "Use at least 12 characters.")]
    public string Password { get; set; } = "";

    [Required, Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    public string ConfirmPassword { get; set; } = "";
}
