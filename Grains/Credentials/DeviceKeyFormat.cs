using System.Buffers.Text;
using System.Security.Cryptography;

namespace Lakegate.Grains.Credentials;

/// <summary>
/// The shape of a device key: <c>lgk_&lt;keyId&gt;_&lt;secret&gt;</c>, with a 16-hex-digit key id and
/// 256 random bits as unpadded base64url. The prefix makes a leaked key easy to find.
/// </summary>
public static class DeviceKeyFormat
{
    public const string Prefix = "lgk_";
    public const int KeyIdLength = 16;
    public const int SecretBytes = 32;
    public static readonly int SecretLength = Base64Url.GetEncodedLength(SecretBytes);
    public static readonly int KeyLength = Prefix.Length + KeyIdLength + 1 + SecretLength;

    public static (string KeyId, string Secret, string Key) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (keyId, secret, Compose(keyId, secret));
    }

    public static string Compose(string keyId, string secret) => $"{Prefix}{keyId}_{secret}";

    /// <summary>Splits a presented key; false when it is not shaped like a device key at all.</summary>
    public static bool TryParse(string? presented, out string keyId, out string secret)
    {
        keyId = string.Empty;
        secret = string.Empty;
        if (presented is null || presented.Length != KeyLength || !presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var id = presented.AsSpan(Prefix.Length, KeyIdLength);
        if (presented[Prefix.Length + KeyIdLength] != '_' || !IsLowerHex(id))
        {
            return false;
        }

        var secretSpan = presented.AsSpan(Prefix.Length + KeyIdLength + 1);
        if (!Base64Url.IsValid(secretSpan))
        {
            return false;
        }

        keyId = id.ToString();
        secret = secretSpan.ToString();
        return true;
    }

    /// <summary>The key id of a key that <see cref="TryParse"/> accepted.</summary>
    public static string KeyIdOf(string key) => key.Substring(Prefix.Length, KeyIdLength);

    private static bool IsLowerHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
