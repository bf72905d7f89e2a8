using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;
using WireMock.RequestBuilders;

namespace SocialOps.Tests.Connections;

/// <summary>The connections contract over HTTP, with a Mastodon stand-in behind it.</summary>
public sealed class ConnectionsApiTests : IDisposable
{
    private readonly MastodonStandIn _mastodon = new();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    [Fact]
    public async Task ANewConnectionWithoutAZoneStartsInTheZoneOfThePersonConnectingIt()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var (user, _) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("berlin@example.com", "berlin-admin-pass-42", Roles.Admin, Actor.System);
        var admin = new Actor(user!.Email!, user.Id, Access: Access.Admin);
        Assert.Null(await _app.Services.GetRequiredService<UserPreferences>().SetTimeZoneAsync(admin, "Europe/Berlin"));
        var connections = _app.Services.GetRequiredService<ConnectionService>();

        var (mine, errors) = await connections.AddAsync(new NewConnection("sandbox", "Roastery practice"), admin);
        Assert.Empty(errors);
        Assert.Equal("Europe/Berlin", mine!.TimeZone);

        var (chosen, _) = await connections.AddAsync(new NewConnection("sandbox", "Tokyo shop", TimeZone: "Asia/Tokyo"), admin);
        Assert.Equal("Asia/Tokyo", chosen!.TimeZone);
        var (unattended, _) = await connections.AddAsync(new NewConnection("sandbox", "Made by a command"), Actor.System);
        Assert.Equal("Etc/UTC", unattended!.TimeZone);
    }

    [Fact]
    public async Task AddingAMastodonAccountChecksItAndAnswersWithoutSecrets()
    {
        var admin = _app.CreateClientAs(Roles.Admin);

        var (response, body) = await admin.PostJsonAsync("/api/connections",
            new { platform = "mastodon", name = "Brand on Mastodon", baseUrl = _mastodon.Url, accessToken = MastodonStandIn.Token });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("mastodon", body.GetProperty("platform").GetString());
        Assert.Equal("Brand on Mastodon", body.GetProperty("name").GetString());
        Assert.Equal("connected", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("id").GetInt32() > 0);
        var check = Assert.Single(_mastodon.Requests("GET", "/api/v1/accounts/verify_credentials")).RequestMessage;
        Assert.Equal("Bearer " + MastodonStandIn.Token, check.Headers!["Authorization"].Single());

        var list = await admin.GetStringAsync(new Uri("/api/connections", UriKind.Relative));
        Assert.Contains("Brand on Mastodon", list, StringComparison.Ordinal);
        Assert.Contains("@brand@localhost", list, StringComparison.Ordinal);
        Assert.DoesNotContain(MastodonStandIn.Token, list, StringComparison.Ordinal);
        Assert.DoesNotContain(MastodonStandIn.Token, body.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Logs.Lines, line => line.Contains(MastodonStandIn.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CredentialsAreNeverInPlainTextInTheDatabaseFile()
    {
        await _app.ConnectMastodonAsync(_mastodon);

        var stored = await _app.DbAsync(db => db.PlatformAccounts.SingleAsync(a => a.Platform == Platform.Mastodon));
        Assert.NotNull(stored.EncryptedCredentials);
        Assert.DoesNotContain(MastodonStandIn.Token, stored.EncryptedCredentials, StringComparison.Ordinal);

        var file = Path.Combine(_app.DataDirectory, "socialops.db");
        await using (var connection = new SqliteConnection($"Data Source={file}"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.AsSpan().IndexOf("Brand on Mastodon"u8) >= 0, "the check must be able to see plain text in the file");
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(MastodonStandIn.Token)) < 0);
    }

    [Fact]
    public async Task ARefusedTokenIsA400WithThePlatformsReasonAndStoresNothing()
    {
        var (response, body) = await _app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "mastodon", name = "Wrong", baseUrl = _mastodon.Url, accessToken = "not-the-token" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The access token is invalid", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.DbAsync(db => db.PlatformAccounts.CountAsync(a => a.Platform == Platform.Mastodon)));
    }

    [Theory]
    [InlineData("""{"platform":"mastodon","name":"x","baseUrl":"https://169.254.169.254/","accessToken":"t"}""", "baseUrl")]
    [InlineData("""{"platform":"mastodon","name":"x","baseUrl":"ftp://example.org","accessToken":"t"}""", "baseUrl")]
    [InlineData("""{"platform":"mastodon","name":"x","baseUrl":"https://10.1.2.3","accessToken":"t"}""", "baseUrl")]
    [InlineData("""{"platform":"mastodon","name":"x","baseUrl":"https://social.example"}""", "accessToken")]
    [InlineData("""{"platform":"myspace","name":"x"}""", "platform")]
    [InlineData("""{"platform":"sandbox","name":"x","behavesAs":"friendster"}""", "behavesAs")]
    [InlineData("""{"platform":"sandbox","name":""}""", "name")]
    [InlineData("""{"platform":"webhook","name":"x","baseUrl":"https://hooks.example","secret":"plain"}""", "secret")]
    [InlineData("""{"platform":"sandbox","name":"x","timeZone":"Mars/Olympus"}""", "timeZone")]
    public async Task BadRequestsSayWhichFieldIsWrong(string json, string field)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _app.CreateClientAs(Roles.Admin).PostAsync(new Uri("/api/connections", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonIsA400AndOnlyAdminsMayConnect()
    {
        using var content = new StringContent("{\"platform\":", Encoding.UTF8, "application/json");
        using var malformed = await _app.CreateClientAs(Roles.Admin).PostAsync(new Uri("/api/connections", UriKind.Relative), content);
        var (editor, _) = await _app.CreateClientAs(Roles.Editor).PostJsonAsync("/api/connections", new { platform = "sandbox", name = "x", behavesAs = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, editor.StatusCode);
    }

    [Fact]
    public async Task ASandboxAccountBehavingAsInstagramPublishesIntoTheSandbox()
    {
        var (response, body) = await _app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "sandbox", behavesAs = "instagram", name = "Trial Instagram" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("sandbox", body.GetProperty("platform").GetString());
        Assert.Equal("instagram", body.GetProperty("behavesAs").GetString());
        var accountId = body.GetProperty("id").GetInt32();

        var editor = _app.CreateClientAs(Roles.Editor);
        // Instagram's rules hold for an account that behaves as Instagram: a post needs an image.
        string[] image = ["https://example.social/media/cup.jpg"];
        var viaSandbox = await editor.ScheduleAsync(new { platform = "sandbox", accountId, content = "first", mediaReferences = image, scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        var viaInstagram = await editor.ScheduleAsync(new { platform = "instagram", accountId, content = "second", mediaReferences = image, scheduledTime = SchedulerTestExtensions.InSeconds(1) });

        foreach (var id in new[] { viaSandbox, viaInstagram })
        {
            var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed);
            Assert.Equal(PostStatus.Published, post.Status);
            Assert.Equal(Platform.Instagram, post.Platform);
            Assert.Equal(1, await _app.SandboxCountAsync(id));
        }
    }

    [Fact]
    public async Task RemovingKeepsHistoryAndCancelsPendingPosts()
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        var pending = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new
        {
            platform = "mastodon", accountId, content = "later", scheduledTime = TimeProvider.System.GetUtcNow().AddDays(2).ToString("O"),
        });
        var admin = _app.CreateClientAs(Roles.Admin);

        using var removed = await admin.DeleteAsync(new Uri($"/api/connections/{accountId}", UriKind.Relative));
        using var again = await admin.DeleteAsync(new Uri($"/api/connections/{accountId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var post = await _app.WaitForPostAsync(pending, _ => true);
        Assert.Equal(PostStatus.Cancelled, post.Status);
        Assert.Equal(accountId, post.AccountId);
        var account = await _app.DbAsync(db => db.PlatformAccounts.SingleAsync(a => a.Id == accountId));
        Assert.NotNull(account.RemovedAt);
        Assert.Null(account.EncryptedCredentials);
        Assert.DoesNotContain("Brand on Mastodon", await admin.GetStringAsync(new Uri("/api/connections", UriKind.Relative)), StringComparison.Ordinal);
        var (scheduleAgain, _) = await _app.CreateClientAs(Roles.Editor).PostJsonAsync("/api/scheduler/schedule", new
        {
            platform = "mastodon", accountId, content = "no", scheduledTime = TimeProvider.System.GetUtcNow().AddDays(2).ToString("O"),
        });
        Assert.Equal(HttpStatusCode.BadRequest, scheduleAgain.StatusCode);
    }

    [Fact]
    public async Task RenamePauseAndCheckUpdateTheConnection()
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        var admin = _app.CreateClientAs(Roles.Admin);

        using var patch = await admin.PatchAsync(new Uri($"/api/connections/{accountId}", UriKind.Relative),
            new StringContent("""{"name":"Renamed","timeZone":"Europe/Berlin","paused":true}""", Encoding.UTF8, "application/json"));
        var patched = System.Text.Json.JsonDocument.Parse(await patch.Content.ReadAsStringAsync()).RootElement;
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/accounts/verify_credentials").UsingGet()).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { error = "The access token was revoked" }, 401));
        var (check, problem) = await admin.PostJsonAsync($"/api/connections/{accountId}/check", new { });

        Assert.Equal(("Renamed", "Europe/Berlin", "paused"), (patched.GetProperty("name").GetString(), patched.GetProperty("timeZone").GetString(), patched.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, check.StatusCode);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var account = await _app.DbAsync(db => db.PlatformAccounts.SingleAsync(a => a.Id == accountId));
        Assert.Contains("revoked", account.LastError, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _app.Dispose();
        _mastodon.Dispose();
    }
}
