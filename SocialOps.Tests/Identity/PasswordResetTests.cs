using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Web.Apis;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Identity;

/// <summary>A forgotten password: an Admin's one-time link, the anonymous page that spends it, and what it refuses.</summary>
public sealed class PasswordResetTests(PasswordResetTests.App app) : IClassFixture<PasswordResetTests.App>
{
    public sealed class App : SocialOpsAppFactory;

    private const string OldPassword = "old-password-4-forgotten";
    private const string NewPassword = "new-password-7-remembered";
    private static readonly Actor Admin = new("admin@example.com", "admin-id", Access: Access.Admin);

    private static async Task<AppUser> CreateUserAsync(SocialOpsAppFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(email, OldPassword, Roles.Editor, Actor.System);
        Assert.True(user is not null, string.Join(" ", errors));
        factory.Services.GetRequiredService<FirstRunSetup>().Completed();
        return user;
    }

    private static async Task<T> WithAsync<T>(SocialOpsAppFactory factory, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static Task<bool> PasswordIsAsync(SocialOpsAppFactory factory, string userId, string password) => WithAsync(factory, async s =>
    {
        var users = s.GetRequiredService<UserManager<AppUser>>();
        return await users.CheckPasswordAsync((await users.FindByIdAsync(userId))!, password);
    });

    [Theory]
    [InlineData(Access.None)]
    [InlineData(Access.Analyst)]
    [InlineData(Access.Editor)]
    [InlineData(Access.Approver)]
    public async Task OnlyAnAdminCreatesAResetLink(Access access)
    {
        var user = await CreateUserAsync(app, $"refused-{access}@example.com");

        await Assert.ThrowsAsync<AccessDeniedException>(() => WithAsync(app, s =>
            s.GetRequiredService<PasswordResets>().CreateLinkAsync(user.Id, new Actor("someone", "someone-id", Access: access))));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "user.password.link" && e.EntityId == user.Id));
    }

    [Fact]
    public async Task TheApiGivesAnAdminALinkAndRefusesEveryoneElse()
    {
        var user = await CreateUserAsync(app, "api-link@example.com");
        var url = new Uri($"/api/users/{user.Id}/password-reset-link", UriKind.Relative);

        foreach (var role in new[] { Roles.Analyst, Roles.Editor, Roles.Approver })
        {
            using var refused = await app.CreateClientAs(role).PostAsync(url, null);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var missing = await app.CreateClientAs(Roles.Admin).PostAsync(new Uri("/api/users/nobody/password-reset-link", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var given = await app.CreateClientAs(Roles.Admin).PostAsync(url, null);
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        var link = (await given.Content.ReadFromJsonAsync<UsersApi.ResetLinkResponse>())!;
        Assert.Equal("api-link@example.com", link.Email);
        Assert.Contains("/account/reset-password?user=", link.Link, StringComparison.Ordinal);
        Assert.InRange(link.ExpiresAt - TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(23), TimeSpan.FromHours(24.1));
    }

    [Fact]
    public async Task ALinkSetsTheNewPasswordOnceAndEndsTheOtherSessions()
    {
        var user = await CreateUserAsync(app, "once@example.com");
        var (link, problem) = await WithAsync(app, s => s.GetRequiredService<PasswordResets>().CreateLinkAsync(user.Id, Admin));
        Assert.Null(problem);
        var stampBefore = await WithAsync(app, async s => (await s.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!.SecurityStamp);

        var errors = await WithAsync(app, s => s.GetRequiredService<PasswordResets>().ResetAsync(user.Id, link!.Token, NewPassword, new Actor("password reset link")));

        Assert.Empty(errors);
        Assert.True(await PasswordIsAsync(app, user.Id, NewPassword));
        var stampAfter = await WithAsync(app, async s => (await s.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!.SecurityStamp);
        Assert.NotEqual(stampBefore, stampAfter); // every cookie and circuit carrying the old stamp is signed out
        var again = await WithAsync(app, s => s.GetRequiredService<PasswordResets>().ResetAsync(user.Id, link!.Token, "another-password-9-later", new Actor("password reset link")));
        Assert.Equal([PasswordResets.InvalidLink], again);
        Assert.True(await PasswordIsAsync(app, user.Id, NewPassword));

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditEntries.Where(e => e.EntityId == user.Id).Select(e => new { e.Action, e.Actor }).ToListAsync();
        Assert.Contains(audit, e => e.Action == "user.password.link" && e.Actor == "admin@example.com");
        Assert.Contains(audit, e => e.Action == "user.password.reset" && e.Actor == "once@example.com");
        Assert.Contains(audit, e => e.Action == "user.password.reset.refused");
    }

    [Fact]
    public async Task APasswordBelowThePolicyIsRefusedAndTheLinkStillWorks()
    {
        var user = await CreateUserAsync(app, "policy@example.com");
        var (link, _) = await WithAsync(app, s => s.GetRequiredService<PasswordResets>().CreateLinkAsync(user.Id, Admin));

        var weak = await WithAsync(app, s => s.GetRequiredService<PasswordResets>().ResetAsync(user.Id, link!.Token, "short1", new Actor("password reset link")));
        Assert.Contains(weak, e => e.Contains("at least 12 characters", StringComparison.Ordinal));
        var noDigit = await WithAsync(app, s => s.GetRequiredService<PasswordResets>().ResetAsync(user.Id, link!.Token, "no-digits-in-this-one", new Actor("password reset link")));
        Assert.Contains(noDigit, e => e.Contains("digit", StringComparison.Ordinal));
        Assert.True(await PasswordIsAsync(app, user.Id, OldPassword));

        Assert.Empty(await WithAsync(app, s => s.GetRequiredService<PasswordResets>().ResetAsync(user.Id, link!.Token, NewPassword, new Actor("password reset link"))));
    }

    [Fact]
    public async Task TheResetPageOpensWithoutSigningInAndSetsThePassword()
    {
        var user = await CreateUserAsync(app, "page@example.com");
        var (link, _) = await WithAsync(app, s => s.GetRequiredService<PasswordResets>().CreateLinkAsync(user.Id, Admin));
        var page = "/" + PasswordResetLinks.For(link!);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        using var mismatch = await HtmlForms.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword + "x",
        });
        Assert.Contains("The passwords do not match.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var weak = await HtmlForms.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Password"] = "short1", ["Input.ConfirmPassword"] = "short1",
        });
        var weakHtml = await weak.Content.ReadAsStringAsync();
        Assert.Contains("at least 12 characters", weakHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"short1\"", weakHtml, StringComparison.Ordinal);

        using var done = await HtmlForms.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Contains("data-testid=\"reset-done\"", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await PasswordIsAsync(app, user.Id, NewPassword));

        // Spent: opening it again says so, and offers no form.
        var spent = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        Assert.Contains("has expired or was already used", spent, StringComparison.Ordinal);
        Assert.DoesNotContain("reset-form", spent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user=nobody&code=abc")]
    [InlineData("code=abc")]
    [InlineData("")]
    public async Task AnAlteredOrIncompleteLinkSaysItDoesNotWork(string query)
    {
        var html = await app.CreateAnonymousClient().GetStringAsync(new Uri("/account/reset-password?" + query, UriKind.Relative));

        Assert.Contains(PasswordResets.InvalidLink, html, StringComparison.Ordinal);
        Assert.DoesNotContain("reset-form", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredLinkIsRefusedWithTheSameClearMessage()
    {
        await using var expiring = new SocialOpsAppFactory
        {
            // Links that lapse as soon as they are made: Identity checks a token's age against its own clock.
            ConfigureTestServices = s => s.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromSeconds(-1)),
        };
        var user = await CreateUserAsync(expiring, "late@example.com");
        var (link, _) = await WithAsync(expiring, s => s.GetRequiredService<PasswordResets>().CreateLinkAsync(user.Id, Admin));

        var html = await expiring.CreateAnonymousClient().GetStringAsync(new Uri("/" + PasswordResetLinks.For(link!), UriKind.Relative));
        var errors = await WithAsync(expiring, s => s.GetRequiredService<PasswordResets>().ResetAsync(user.Id, link!.Token, NewPassword, new Actor("password reset link")));

        Assert.Contains(PasswordResets.InvalidLink, html, StringComparison.Ordinal);
        Assert.Equal([PasswordResets.InvalidLink], errors);
        Assert.True(await PasswordIsAsync(expiring, user.Id, OldPassword));
    }

    [Fact]
    public async Task TheSignInPageLeadsToWhatToDoWhenThePasswordIsForgotten()
    {
        app.Services.GetRequiredService<FirstRunSetup>().Completed();
        using var client = app.CreateAnonymousClient();

        Assert.Contains("href=\"account/forgot-password\"", await client.GetStringAsync(new Uri("/account/login", UriKind.Relative)), StringComparison.Ordinal);
        var forgot = await client.GetStringAsync(new Uri("/account/forgot-password", UriKind.Relative));
        Assert.Contains("Ask an Admin", forgot, StringComparison.Ordinal);
        Assert.Contains("users reset-password --email", forgot, StringComparison.Ordinal);
    }
}

/// <summary><c>users reset-password</c>: for when no Admin can sign in to create a link.</summary>
public sealed class PasswordResetVerbTests : IDisposable
{
    private const string OldPassword = "old-password-4-forgotten";
    private readonly SocialOpsAppFactory _app = new();

    private async Task<string> CreateAdminAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("only-admin@example.com", OldPassword, Roles.Admin, Actor.System);
        Assert.True(user is not null, string.Join(" ", errors));
        return user.Id;
    }

    private Task<AppProcess.Result> RunAsync(params string[] args) =>
        AppProcess.RunAsync(args, new Dictionary<string, string> { ["Data__Directory"] = _app.DataDirectory });

    [Fact]
    public async Task ItSetsTheGivenPasswordWhenItMeetsThePolicy()
    {
        var id = await CreateAdminAsync();

        var weak = await RunAsync("users", "reset-password", "--email", "only-admin@example.com", "--password", "short1");
        var set = await RunAsync("users", "reset-password", "--email", "only-admin@example.com", "--password", "back-in-again-42");

        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("at least 12 characters", weak.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, set.ExitCode);
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(id))!, "back-in-again-42"));
    }

    [Fact]
    public async Task ItPrintsAOneTimeLinkThatTheServerAccepts()
    {
        await CreateAdminAsync();

        var result = await RunAsync("users", "reset-password", "--email", "only-admin@example.com", "--base-url", "https://socialops.example.com/");
        var link = result.StdOut.TrimEnd().Split('\n')[^1].Trim();

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("https://socialops.example.com/account/reset-password?user=", link, StringComparison.Ordinal);
        var page = await _app.CreateAnonymousClient().GetStringAsync(new Uri(new Uri(link).PathAndQuery, UriKind.Relative));
        Assert.Contains("reset-form", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownEmailExitsOne()
    {
        await CreateAdminAsync();

        var result = await RunAsync("users", "reset-password", "--email", "nobody@example.com");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no user has the email nobody@example.com", result.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _app.Dispose();
}
