using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Identity;

public sealed class TwoFactorTests : IDisposable
{
    private const string Password = "two-factor-pass-42";
    private readonly SocialOpsAppFactory _app = new();

    [Fact]
    public async Task WithTwoFactorOnThePasswordAloneIsNotEnough()
    {
        string key;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var (user, _) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("tf@example.com", Password, Roles.Editor, Actor.System);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.ResetAuthenticatorKeyAsync(user!);
            key = (await users.GetAuthenticatorKeyAsync(user!))!;
            await users.SetTwoFactorEnabledAsync(user!, true);
        }

        _app.Services.GetRequiredService<FirstRunSetup>().Completed();
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var afterPassword = await HtmlForms.SubmitAsync(client, "/account/login",
            new Dictionary<string, string> { ["Input.Email"] = "tf@example.com", ["Input.Password"] = Password });
        var location = afterPassword.Headers.Location!;
        var twoFactorPage = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        using var stillOut = await client.GetAsync(new Uri("/", UriKind.Relative));
        var wrong = await (await HtmlForms.SubmitAsync(client, twoFactorPage, new Dictionary<string, string> { ["Input.Code"] = "000000" })).Content.ReadAsStringAsync();
        using var right = await HtmlForms.SubmitAsync(client, twoFactorPage,
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, TimeProvider.System.GetUtcNow()) });
        using var signedIn = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("login-2fa", twoFactorPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, stillOut.StatusCode);
        Assert.Contains("That code is not right", wrong, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    public void Dispose() => _app.Dispose();
}
