using Lakegate.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace Lakegate.Grains.Credentials;

/// <summary>Creates device keys within the lifetime policy and stores only their hash.</summary>
public sealed class DeviceKeyIssuer(DeviceKeyHasher hasher, IOptions<CredentialOptions> options)
{
    private readonly CredentialOptions _policy = options.Value;

    /// <summary>The lifetime a request gets: the default when unset, never above the maximum.</summary>
    public TimeSpan LifetimeFor(int? requestedDays)
    {
        var days = requestedDays ?? _policy.DefaultKeyLifetimeDays;
        return TimeSpan.FromDays(Math.Clamp(days, 1, _policy.MaxKeyLifetimeDays));
    }

    public (StoredKey Stored, IssuedKey Issued) Issue(string deviceId, int? requestedLifetimeDays, DateTimeOffset now)
    {
        var (keyId, secret, key) = DeviceKeyFormat.Generate();
        var expiresAt = now + LifetimeFor(requestedLifetimeDays);
        var stored = new StoredKey
        {
            KeyId = keyId,
            Hash = hasher.Hash(deviceId, keyId, secret),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        return (stored, new IssuedKey(deviceId, keyId, key, expiresAt));
    }
}
