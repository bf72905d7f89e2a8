using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Audit;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Identity;

public sealed class HardeningTests : IDisposable
{
    private static readonly Uri Info = new("/api/system/info", UriKind.Relative);
    private readonly SocialOpsAppFactory _app = new()
    {
        Settings = { ["Security:ApiPerMinute"] = "3", ["Security:LoginPerMinute"] = "2", ["Security:MaxRequestBodyBytes"] = "4096" },
    };

    [Fact]
    public async Task ApiFloodsGet429WithRetryAfter()
    {
        using var client = _app.CreateClientAs(Roles.Analyst);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await client.GetAsync(Info);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(int.Parse(last!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task SignInFloodsGet429()
    {
        _app.Services.GetRequiredService<SocialOps.Web.Identity.FirstRunSetup>().Completed();
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var fields = new Dictionary<string, string> { ["Input.Email"] = "x@example.com", ["Input.Password"] = "wrong-password-1" };

        // The form itself is shown freely (each submit loads it first); the third attempt in a minute is refused.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await HtmlForms.SubmitAsync(client, "/account/login", fields)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task OversizedBodiesGet413()
    {
        using var client = _app.CreateClientAs(Roles.Admin);
        using var content = new ByteArrayContent(new byte[8192]);

        using var response = await client.PostAsync(Info, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PagesCarryAStrictContentSecurityPolicy()
    {
        using var response = await _app.CreateClientAs(Roles.Admin).GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;

        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task AuditEntriesCannotBeChangedOrRemoved()
    {
        await _app.Services.GetRequiredService<AuditLog>().WriteAsync(Actor.System, "test.entry");
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "test.entry");

        entry.Action = "rewritten";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(entry);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task PlatformCredentialsAreEncryptedAtRest()
    {
        const string secret = "mastodon-access-token-5f3a9c";
        var protector = _app.Services.GetRequiredService<CredentialProtector>();
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            db.PlatformAccounts.Add(new PlatformAccount { Platform = Platform.Mastodon, DisplayName = "Brand", EncryptedCredentials = protector.Protect(secret) });
            await db.SaveChangesAsync();
        }

        // SQLite runs in WAL mode: recent writes sit in the -wal file until a checkpoint, so read both.
        var path = Path.Combine(_app.DataDirectory, "socialops.db");
        var wal = path + "-wal";
        var file = (await File.ReadAllBytesAsync(path)).Concat(File.Exists(wal) ? await File.ReadAllBytesAsync(wal) : []).ToArray();
        await using var read = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var stored = (await read.PlatformAccounts.SingleAsync()).EncryptedCredentials!;

        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.Equal(secret, protector.TryUnprotect(stored));
        Assert.Equal(-1, System.Text.Encoding.UTF8.GetString(file).IndexOf(secret, StringComparison.Ordinal));
    }

    public void Dispose() => _app.Dispose();
}
