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

internal static class KeyProtection
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
        });
        return services;
    }

    private sealed class Validator : IValidateOptions<KeyProtectionOptions>
    {
        public ValidateOptionsResult Validate(string? name, KeyProtectionOptions options)
        {
            var (certificate, problem) = options.Load();
            certificate?.Dispose();
            return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
        }
    }
}
