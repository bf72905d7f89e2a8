using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SocialOps.Core.Publishing;

/// <summary>Encrypts platform credentials at rest with the app's Data Protection keys.</summary>
public sealed class CredentialProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("SocialOps.PlatformCredentials.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    /// <summary>Null when the value was written under keys this instance does not have.</summary>
    public string? TryUnprotect(string protectedValue)
    {
        try
        {
            return _protector.Unprotect(protectedValue);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
