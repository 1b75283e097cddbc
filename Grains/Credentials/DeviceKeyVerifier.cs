using System.Security.Cryptography;

namespace Lakegate.Grains.Credentials;

/// <summary>
/// Checks a presented key against a device's stored keys in constant time. Every presented key
/// costs one HMAC and one fixed-time comparison, whether its key id is known or not.
/// </summary>
public sealed class DeviceKeyVerifier(DeviceKeyHasher hasher)
{
    private static readonly byte[] DecoyHash = new byte[DeviceKeyHasher.HashLength];

    /// <summary>The matching active key, or null for any failure (malformed, unknown, wrong, revoked, expired).</summary>
    public StoredKey? Verify(string deviceId, IReadOnlyList<StoredKey> keys, string presented, DateTimeOffset now)
    {
        if (!DeviceKeyFormat.TryParse(presented, out var keyId, out var secret))
        {
            // Same work as a real check, so malformed keys are not distinguishable by timing.
            keyId = new string('0', DeviceKeyFormat.KeyIdLength);
            secret = string.Empty;
        }

        StoredKey? candidate = null;
        foreach (var key in keys)
        {
            if (string.Equals(key.KeyId, keyId, StringComparison.Ordinal))
            {
                candidate = key;
            }
        }

        var computed = hasher.Hash(deviceId, keyId, secret);
        var matches = CryptographicOperations.FixedTimeEquals(computed, candidate?.Hash ?? DecoyHash);
        if (!matches || candidate is null || secret.Length == 0)
        {
            return null;
        }

        return candidate.IsActiveAt(now) ? candidate : null;
    }
}
