using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Data;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Identity;

/// <summary>Data Protection keys stored encrypted with a certificate, and a certificate that cannot be used refused at start-up.</summary>
public sealed class KeyProtectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WithACertificateTheStoredKeysAreEncryptedAndStillWork()
    {
        var pfx = WriteCertificate("s3cret-pass");
        using var app = new SocialOpsAppFactory();
        app.Settings["DataProtection:CertificatePath"] = pfx;
        app.Settings["DataProtection:CertificatePassword"] = "s3cret-pass";

        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var sealedText = protector.Protect("platform access token");

        Assert.Equal("platform access token", protector.Unprotect(sealedText));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var key = Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.Contains("encryptedSecret", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutACertificateTheKeyIsStoredInTheClearAsTheReadmeWarns()
    {
        using var app = new SocialOpsAppFactory();

        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Contains("<masterKey", Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.pfx", null, "does not exist")]
    [InlineData("cert.pfx", "wrong password", "cannot be read")]
    public async Task ACertificateThatCannotBeUsedStopsStartUpWithOneLine(string file, string? password, string message)
    {
        WriteCertificate("right password", "cert.pfx");
        var env = new Dictionary<string, string>
        {
            ["Data__Directory"] = Path.Combine(_dir.Path, "data"),
            ["DataProtection__CertificatePath"] = Path.Combine(_dir.Path, file),
        };
        if (password is not null)
        {
            env["DataProtection__CertificatePassword"] = password;
        }

        var result = await AppProcess.RunAsync(["migrate"], env);

        result.AssertRefusedStartUp($"DataProtection:CertificatePath '{Path.Combine(_dir.Path, file)}' {message}");
        Assert.DoesNotContain("right password", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAKeyTheStoredKeyRingIsEncryptedAndTokensStillOpenAfterARestart()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var data = Path.Combine(_dir.Path, "data");
        string sealedText;
        using (var first = new SocialOpsAppFactory())
        {
            first.Settings["Data:Directory"] = data;
            first.Settings["DataProtection:Key"] = key;
            sealedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("platform access token");
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
            var xml = Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
            Assert.Contains("AES-256-GCM", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        }

        using var second = new SocialOpsAppFactory();
        second.Settings["Data:Directory"] = data;
        second.Settings["DataProtection:Key"] = key;
        Assert.Equal("platform access token", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedText));

        // Another key cannot open the ring: the token stays sealed, with a clear reason.
        using var wrong = new SocialOpsAppFactory();
        wrong.Settings["Data:Directory"] = data;
        wrong.Settings["DataProtection:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var error = Assert.ThrowsAny<CryptographicException>(() => wrong.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedText));
        Assert.Contains("DataProtection:Key does not open the stored key ring", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyThatIsNot256BitsStopsStartUpWithOneLine()
    {
        var env = new Dictionary<string, string>
        {
            ["Data__Directory"] = Path.Combine(_dir.Path, "data"),
            ["DataProtection__Key"] = "dG9vLXNob3J0",
        };

        var result = await AppProcess.RunAsync(["migrate"], env);

        result.AssertRefusedStartUp("DataProtection:Key must be 32 random bytes in base64");
    }

    [Fact]
    public void ProductionWarnsOnceWhenTheKeyRingIsUnprotected()
    {
        using var app = new SocialOpsAppFactory();
        app.Settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var production = app.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        _ = production.Services;

        Assert.Single(app.Logs.Lines, l => l.Contains("key ring is stored unencrypted", StringComparison.Ordinal));
    }

    private string WriteCertificate(string password, string name = "keys.pfx")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=SocialOps keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
