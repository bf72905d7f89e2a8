using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Apis;

public sealed class PreferencesApiTests : IDisposable
{
    private const string Password = "correct-horse-42-battery";
    private readonly SocialOpsAppFactory _app = new();

    private static Uri U(string path) => new(path, UriKind.Relative);

    private async Task<HttpClient> SignedInAsync(string email, string role)
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(email, Password, role, Actor.System);
            Assert.True(user is not null, string.Join(" ", errors));
        }

        _app.Services.GetRequiredService<FirstRunSetup>().Completed();
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var login = await HtmlForms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    [Fact]
    public async Task AnyoneSignedInSetsTheirOwnTimeZone()
    {
        using var analyst = await SignedInAsync("ana@example.com", Roles.Analyst);

        using var before = JsonDocument.Parse(await analyst.GetStringAsync(U("/api/me/preferences")));
        using var put = await analyst.PutAsJsonAsync(U("/api/me/preferences"), new { timeZone = "Europe/Berlin" });
        using var after = JsonDocument.Parse(await analyst.GetStringAsync(U("/api/me/preferences")));

        Assert.Equal("Etc/UTC", before.RootElement.GetProperty("timeZone").GetString());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("Europe/Berlin", after.RootElement.GetProperty("timeZone").GetString());
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal("Europe/Berlin", await db.Users.Where(u => u.Email == "ana@example.com").Select(u => u.TimeZone).SingleAsync());
    }

    [Fact]
    public async Task AnUnknownZoneIsABadRequestAndChangesNothing()
    {
        using var editor = await SignedInAsync("ed@example.com", Roles.Editor);
        using var good = await editor.PutAsJsonAsync(U("/api/me/preferences"), new { timeZone = "America/New_York" });

        using var bad = await editor.PutAsJsonAsync(U("/api/me/preferences"), new { timeZone = "Mars/Olympus" });
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        using var after = JsonDocument.Parse(await editor.GetStringAsync(U("/api/me/preferences")));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Mars/Olympus", problem.RootElement.GetProperty("errors").GetProperty("timeZone")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("America/New_York", after.RootElement.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task WithoutSigningInThereAreNoPreferences()
    {
        using var anonymous = _app.CreateAnonymousClient();
        using var response = await anonymous.PutAsJsonAsync(U("/api/me/preferences"), new { timeZone = "Europe/Berlin" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public void Dispose() => _app.Dispose();
}
