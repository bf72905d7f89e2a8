using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace SocialOps.Web.Identity;

/// <summary>
/// Encrypts each Data Protection key before it is stored, with AES-256-GCM under the key from <c>DataProtection:Key</c> or
/// <c>DataProtection:KeyFile</c>, for installations without a certificate: a copy of the database alone then reveals nothing.
/// </summary>
internal sealed class AesGcmXmlEncryptor(byte[] key) : IXmlEncryptor
{
    public const string Algorithm = "AES-256-GCM";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }

        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement("aesGcmEncrypted", new XAttribute("algorithm", Algorithm),
            new XElement("value", Convert.ToBase64String([.. nonce, .. tag, .. cipher])));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }
}

/// <summary>Opens keys that <see cref="AesGcmXmlEncryptor"/> sealed; Data Protection creates it by type when it reads the key ring.</summary>
internal sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<IOptions<KeyProtectionOptions>>().Value.LoadKey().Key
            ?? throw new CryptographicException($"The key ring is encrypted with a key; set {KeyProtectionOptions.Section}:Key or {KeyProtectionOptions.Section}:KeyFile.");
        var sealedBytes = Convert.FromBase64String(encryptedElement.Element("value")?.Value ?? "");
        const int nonceSize = 12, tagSize = 16;
        var plain = new byte[sealedBytes.Length - nonceSize - tagSize];
        try
        {
            using var aes = new AesGcm(key, tagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, nonceSize), sealedBytes.AsSpan(nonceSize + tagSize), sealedBytes.AsSpan(nonceSize, tagSize), plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CryptographicException($"{KeyProtectionOptions.Section}:Key does not open the stored key ring: it is not the key the ring was encrypted with.");
        }

        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
