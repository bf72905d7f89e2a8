using System.ComponentModel.DataAnnotations;

namespace SocialOps.Web.Components.Pages.Account;

public sealed class ResetPasswordInput
{
    [Required(ErrorMessage = "Choose a new password.")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Type the new password again."), Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    public string ConfirmPassword { get; set; } = "";
}
