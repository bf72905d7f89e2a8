using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Identity;

/// <summary>Goes through every flow that handles a secret, with logging at its most verbose, and then reads the log.</summary>
public sealed class SecretsInLogsTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new()
    {
        Settings =
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        },
    };

    [Fact]
    public async Task NoPasswordTokenOrCredentialAppearsInTheLog()
    {
        const string password = "s3cret-Passw0rd-for-logs";
        const string credential = "platform-credential-7d1e2b";
        var secrets = new List<string> { password, credential };

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("log@example.com", password, Roles.Admin, Actor.System);
        }

        _app.Services.GetRequiredService<FirstRunSetup>().Completed();
        using var browser = _app.CreateClient(new() { AllowAutoRedirect = false });
        await HtmlForms.SubmitAsync(browser, "/account/login", new Dictionary<string, string> { ["Input.Email"] = "log@example.com", ["Input.Password"] = password });
        await HtmlForms.SubmitAsync(browser, "/account/login", new Dictionary<string, string> { ["Input.Email"] = "log@example.com", ["Input.Password"] = password + "x" });

        var tokens = _app.Services.GetRequiredService<ApiTokenService>();
        var token = await tokens.CreateAsync("logs", Roles.Editor, 1, Actor.System);
        secrets.Add(token.Token);
        using var api = _app.CreateAnonymousClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        await api.GetAsync(new Uri("/api/system/info", UriKind.Relative));
        await tokens.RevokeAsync(token.Id, Actor.System);
        await api.GetAsync(new Uri("/api/system/info", UriKind.Relative));
        // A credential goes into the database encrypted and comes back out for a platform call, with EF logging every command.
        var protector = _app.Services.GetRequiredService<CredentialProtector>();
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            db.PlatformAccounts.Add(new PlatformAccount { Platform = Platform.Mastodon, DisplayName = "Brand", EncryptedCredentials = protector.Protect(credential) });
            await db.SaveChangesAsync();
        }

        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(credential, protector.TryUnprotect((await db.PlatformAccounts.SingleAsync()).EncryptedCredentials!));
        }

        var log = string.Join('\n', _app.Logs.Lines);
        Assert.True(_app.Logs.Lines.Count > 20, "verbose logging captured too little to prove anything");
        Assert.Contains("Rejected an API token", log, StringComparison.Ordinal);
        Assert.All(secrets, s => Assert.DoesNotContain(s, log, StringComparison.Ordinal));
    }

    public void Dispose() => _app.Dispose();
}
