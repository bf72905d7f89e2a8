using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Identity;

public sealed class SignInTests : IDisposable
{
    private const string Password = "correct-horse-42-battery";
    private readonly SocialOpsAppFactory _app = new();

    private async Task CreateUserAsync(string email, string role)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(email, Password, role, Actor.System);
        Assert.True(user is not null, string.Join(" ", errors));
        _app.Services.GetRequiredService<FirstRunSetup>().Completed();
    }

    private HttpClient Browser() => _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, bool keepAntiforgery = true) =>
        HtmlForms.SubmitAsync(client, "/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }, keepAntiforgery);

    [Fact]
    public async Task AnalyticsPeriodsAreReadInTheSignedInPersonsOwnZone()
    {
        await CreateUserAsync("an@example.com", Roles.Analyst);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserService>();
            var id = (await users.ListAsync()).Single(u => u.Email == "an@example.com").Id;
            Assert.Null(await _app.Services.GetRequiredService<UserPreferences>().SetTimeZoneAsync(new Actor("person", id, Access: Access.Analyst), "America/Los_Angeles"));
        }

        using var client = Browser();
        await LoginAsync(client, "an@example.com", Password);
        using var own = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/analytics/dashboard?from=2026-11-01&to=2026-11-07", UriKind.Relative)));
        using var asked = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/analytics/dashboard?from=2026-11-01&to=2026-11-07&timeZone=Asia/Tokyo", UriKind.Relative)));
        using var token = System.Text.Json.JsonDocument.Parse(await _app.CreateClientAs(Roles.Analyst).GetStringAsync(new Uri("/api/analytics/dashboard?from=2026-11-01&to=2026-11-07", UriKind.Relative)));

        Assert.Equal("America/Los_Angeles", own.RootElement.GetProperty("timeZone").GetString());
        Assert.Equal("Asia/Tokyo", asked.RootElement.GetProperty("timeZone").GetString());
        Assert.Contains(token.RootElement.GetProperty("timeZone").GetString(), new[] { "Etc/UTC", "UTC" });
    }

    [Fact]
    public async Task SignOutWithoutTheAntiforgeryTokenIsRefused()
    {
        await CreateUserAsync("ed@example.com", Roles.Editor);
        using var client = Browser();
        await LoginAsync(client, "ed@example.com", Password);
        using var before = await client.GetAsync(new Uri("/api/system/info", UriKind.Relative));

        // What a hostile page could send: a cross-site form post carrying the cookie but no token.
        using var forged = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>()));
        using var after = await client.GetAsync(new Uri("/api/system/info", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.DoesNotContain(await AuditActionsAsync(), a => a == "user.signout");
    }

    [Fact]
    public async Task RightPasswordSignsInAndIsAudited()
    {
        await CreateUserAsync("ed@example.com", Roles.Editor);
        using var client = Browser();

        using var response = await LoginAsync(client, "ed@example.com", Password);
        using var dashboard = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(await AuditActionsAsync(), a => a == "user.signin");
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccount()
    {
        await CreateUserAsync("ana@example.com", Roles.Analyst);
        using var client = Browser();

        for (var i = 0; i < 5; i++)
        {
            var page = await (await LoginAsync(client, "ana@example.com", "wrong-password-1234")).Content.ReadAsStringAsync();
            Assert.Contains(i < 4 ? "do not match" : "locked", page, StringComparison.Ordinal);
        }

        var withRightPassword = await (await LoginAsync(client, "ana@example.com", Password)).Content.ReadAsStringAsync();

        Assert.Contains("locked", withRightPassword, StringComparison.Ordinal);
        Assert.Contains(await AuditActionsAsync(), a => a == "user.lockout");
        Assert.Equal(4, (await AuditActionsAsync()).Count(a => a == "user.signin.failed"));
    }

    [Fact]
    public async Task ForgedAntiforgeryTokenIsRefused()
    {
        await CreateUserAsync("ed@example.com", Roles.Editor);
        using var client = Browser();

        using var response = await LoginAsync(client, "ed@example.com", Password, keepAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await AuditActionsAsync(), a => a == "user.signin");
    }

    [Fact]
    public async Task FirstRunSetupCreatesOneAdminOnce()
    {
        using var client = Browser();
        using var home = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal("/setup", home.Headers.Location?.AbsolutePath ?? home.Headers.Location?.OriginalString.Split('?')[0]);
        var code = _app.Services.GetRequiredService<FirstRunSetup>().Code!;
        var fields = new Dictionary<string, string>
        {
            ["Input.SetupCode"] = "WRONG-CODE-0000",
            ["Input.Email"] = "first@example.com",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        };

        var wrong = await (await HtmlForms.SubmitAsync(client, "/setup", fields)).Content.ReadAsStringAsync();
        fields["Input.SetupCode"] = code.ToLowerInvariant();
        using var right = await HtmlForms.SubmitAsync(client, "/setup", fields);
        using var again = await client.GetAsync(new Uri("/setup", UriKind.Relative));

        Assert.Contains("not the one in the server log", wrong, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("account/login", again.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Null(_app.Services.GetRequiredService<FirstRunSetup>().Code);
        await using var scope = _app.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<UserService>().ListAsync();
        var admin = Assert.Single(users);
        Assert.Equal(("first@example.com", Roles.Admin), (admin.Email, admin.Role));
    }

    [Fact]
    public async Task SetupCodeIsWrittenToTheLogWhenNoUserExists()
    {
        var code = _app.Services.GetRequiredService<FirstRunSetup>().Code;

        Assert.NotNull(code);
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        Assert.Contains(_app.Logs.Lines, l => l.Contains(code, StringComparison.Ordinal) && l.Contains("/setup", StringComparison.Ordinal));
    }

    private async Task<List<string>> AuditActionsAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Select(a => a.Action).ToListAsync();
    }

    public void Dispose() => _app.Dispose();
}
