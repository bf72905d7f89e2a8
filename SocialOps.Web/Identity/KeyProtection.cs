using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;
using SocialOps.Core.Data;

namespace SocialOps.Web.Identity;

/// <summary>
/// Where the Data Protection keys (which encrypt platform credentials and sign-in cookies) come from. Bound from
/// <c>DataProtection</c>. With a certificate, every key is encrypted with it before it is stored, so a copy of the
/// database alone does not reveal them; every instance needs the same certificate.
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with the certificate and its private key; empty stores the keys unencrypted.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Without a certificate: a 256-bit key, base64 (e.g. from the environment, <c>DataProtection__Key</c>), that encrypts the key ring.</summary>
    public string? Key { get; set; }

    /// <summary>Without a certificate: a file (kept outside the data directory) holding such a key in base64.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The key-ring key, or why it cannot be used; (null, null) when none is set.</summary>
    public (byte[]? Key, string? Problem) LoadKey()
    {
        string text;
        string source;
        if (!string.IsNullOrWhiteSpace(Key))
        {
            (text, source) = (Key, $"{Section}:Key");
        }
        else if (!string.IsNullOrWhiteSpace(KeyFile))
        {
            source = $"{Section}:KeyFile '{KeyFile}'";
            try
            {
                text = File.ReadAllText(KeyFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return (null, $"{source} cannot be read ({ex.Message.TrimEnd('.')}).");
            }
        }
        else
        {
            return (null, null);
        }

        var bytes = new byte[64];
        return Convert.TryFromBase64String(text.Trim(), bytes, out var length) && length == 32
            ? (bytes[..32], null)
            : (null, $"{source} must be 32 random bytes in base64 (for example: openssl rand -base64 32).");
    }

    /// <summary>The certificate, or why it cannot be used.</summary>
    public (X509Certificate2? Certificate, string? Problem) Load()
    {
        if (string.IsNullOrWhiteSpace(CertificatePath))
        {
            return (null, null);
        }

        if (!File.Exists(CertificatePath))
        {
            return (null, $"{Section}:CertificatePath '{CertificatePath}' does not exist.");
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
            return certificate.HasPrivateKey
                ? (certificate, null)
                : (null, $"{Section}:CertificatePath '{CertificatePath}' has no private key; use a .pfx that holds one.");
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return (null, $"{Section}:CertificatePath '{CertificatePath}' cannot be read as a .pfx certificate ({ex.Message.TrimEnd('.')}); check the file and {Section}:CertificatePassword.");
        }
    }
}

internal static partial class KeyProtection
{
    public static IServiceCollection AddSocialOpsDataProtection(this IServiceCollection services)
    {
        services.AddOptions<KeyProtectionOptions>().BindConfiguration(KeyProtectionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyProtectionOptions>, Validator>();
        services.AddDataProtection()
            .SetApplicationName("SocialOps")
            .PersistKeysToDbContext<SocialOpsDbContext>();
        // Read straight from configuration: the pipeline builds Data Protection before the start-up check runs, and a
        // bad certificate must reach that check (one line, exit 1) rather than throw here.
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, ILoggerFactory>((keys, configuration, logs) =>
        {
            var settings = configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new KeyProtectionOptions();
            if (settings.Load().Certificate is { } certificate)
            {
                keys.XmlEncryptor = new CertificateXmlEncryptor(certificate, logs);
            }
            else if (settings.LoadKey().Key is { } key)
            {
                keys.XmlEncryptor = new AesGcmXmlEncryptor(key);
            }
        });
        services.AddHostedService<UnprotectedKeyRingWarning>();
        return services;
    }

    /// <summary>One line at start-up in Production when the key ring is stored without protection.</summary>
    private sealed partial class UnprotectedKeyRingWarning(IOptions<KeyProtectionOptions> options, IHostEnvironment environment, ILogger<UnprotectedKeyRingWarning> logger)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var settings = options.Value;
            if (environment.IsProduction() && string.IsNullOrWhiteSpace(settings.CertificatePath) && settings.LoadKey().Key is null)
            {
                LogUnprotected(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "The Data Protection key ring is stored unencrypted: set DataProtection:Key (or DataProtection:KeyFile, or DataProtection:CertificatePath) so a copy of the database does not reveal platform credentials.")]
        private static partial void LogUnprotected(ILogger logger);
    }

    private sealed class Validator : IValidateOptions<KeyProtectionOptions>
    {
        public ValidateOptionsResult Validate(string? name, KeyProtectionOptions options)
        {
            var (certificate, problem) = options.Load();
            certificate?.Dispose();
            problem ??= certificate is null ? options.LoadKey().Problem : null;
            return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
        }
    }
}
