using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Credentials;

/// <summary>
/// HMAC-SHA-256 of a device key with a server-side secret, bound to the device id and key id,
/// so a key is useless for another device and a stolen hash table is useless without the secret.
/// </summary>
public sealed class DeviceKeyHasher
{
    public const int HashLength = 32;
    private readonly byte[] _secret;

    public DeviceKeyHasher(IOptions<CredentialOptions> options)
        : this(ResolveSecret(options.Value.HashSecret))
    {
    }

    public DeviceKeyHasher(byte[] secret)
    {
        if (secret.Length < 32)
        {
            throw new ArgumentException("The device-key hash secret must be at least 32 bytes.", nameof(secret));
        }

        _secret = secret;
    }

    public byte[] Hash(string deviceId, string keyId, string secret)
    {
        var material = Encoding.UTF8.GetBytes($"{deviceId}\n{keyId}\n{secret}");
        try
        {
            return HMACSHA256.HashData(_secret, material);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private static byte[] ResolveSecret(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return RandomNumberGenerator.GetBytes(32);
        }

        try
        {
            return Convert.FromBase64String(configured);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Credentials:HashSecret must be base64 (at least 32 bytes).");
        }
    }
}
