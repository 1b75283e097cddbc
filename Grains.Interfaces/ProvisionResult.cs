namespace Lakegate.Grains.Interfaces;

[GenerateSerializer, Immutable, Alias("Lakegate.ProvisionResult")]
public sealed record ProvisionResult(
    [property: Id(0)] bool Created,
    [property: Id(1)] IssuedKey? Key);
