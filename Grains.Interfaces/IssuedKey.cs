namespace Lakegate.Grains.Interfaces;

/// <summary>A freshly issued device key: the only time the secret is shown.</summary>
[GenerateSerializer, Immutable, Alias("Lakegate.IssuedKey")]
public sealed class IssuedKey
{
    public IssuedKey(string deviceId, string keyId, string key, DateTimeOffset expiresAt)
    {
        DeviceId = deviceId;
        KeyId = keyId;
        Key = key;
        ExpiresAt = expiresAt;
    }

    [Id(0)] public string DeviceId { get; }
    [Id(1)] public string KeyId { get; }
    /// <summary>The full key including its secret.</summary>
    [Id(2)] public string Key { get; }
    [Id(3)] public DateTimeOffset ExpiresAt { get; }

    public override string ToString() => $"IssuedKey({DeviceId}, {KeyId})";
}
