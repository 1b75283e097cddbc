namespace Lakegate.Grains.Interfaces;

/// <summary>What operators may see of a key: never its secret or hash.</summary>
[GenerateSerializer, Immutable, Alias("Lakegate.KeySnapshot")]
public sealed record KeySnapshot(
    [property: Id(0)] string KeyId,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] DateTimeOffset? RevokedAt,
    [property: Id(4)] DateTimeOffset? LastUsedAt);
