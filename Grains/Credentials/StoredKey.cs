namespace Lakegate.Grains.Credentials;

/// <summary>A device key as stored: its id, keyed hash and lifecycle, never the key.</summary>
[GenerateSerializer, Alias("Lakegate.StoredKey")]
public sealed class StoredKey
{
    [Id(0)] public string KeyId { get; set; } = string.Empty;
    [Id(1)] public byte[] Hash { get; set; } = [];
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(4)] public DateTimeOffset? RevokedAt { get; set; }
    [Id(5)] public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) =>
        now < ExpiresAt && (RevokedAt is null || now < RevokedAt.Value);
}
